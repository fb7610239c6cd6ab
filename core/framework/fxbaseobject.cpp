#include "core/framework/fxbaseobject.h"

#include "core/framework/fxobjectimpl.h"

namespace umdfx::fx {

FxBaseObject::FxBaseObject(DriverHost &host, FxDriver *driver, FxObjectBase *parent)
    : FxObjectImpl<IWDFObject>(host, driver, "IWDFObject", parent)
{ }

} // namespace umdfx::fx
