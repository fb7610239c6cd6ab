#pragma once

#include "core/framework/fxobject.h"

namespace umdfx::fx {

// A plain IWDFObject from IWDFDriver::CreateWdfObject: a context holder and a parent for others.
// Threads: world lock. Owned by its tree.
class FxBaseObject final : public FxObjectImpl<IWDFObject>
{
public:
    FxBaseObject(DriverHost &host, FxDriver *driver, FxObjectBase *parent);

protected:
    bool answersInterface(REFIID) const override { return false; }
};

} // namespace umdfx::fx
