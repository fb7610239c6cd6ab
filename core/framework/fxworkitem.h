#pragma once

#include "core/framework/fxobject.h"

namespace umdfx::fx {

class FxDevice;

// IWDFWorkItem (UMDF 1.11, reference §6.5): a callback the driver queues to run later on a host
// thread-pool thread. Enqueue twice before it runs and it runs once; Flush waits until a queued
// run has finished. With AutomaticSerialization (and device-level locking) it runs serialized with
// the device's queue callbacks — on the host's dispatcher thread here; otherwise on "<host>.pool".
//
// Threads: world lock. Owned by the tree (parent given at creation, default the device).
class FxWorkItem final : public FxObjectImpl<IWDFWorkItem>
{
public:
    FxWorkItem(DriverHost &host, FxDevice &device, FxObjectBase *parent,
        const WUDF_WORKITEM_CONFIG &config, bool serialized);

    FxDevice *device() const override { return m_device; }

    void STDMETHODCALLTYPE Enqueue() override;
    void STDMETHODCALLTYPE Flush() override;
    IWDFObject *STDMETHODCALLTYPE GetParentObject() override;

protected:
    bool answersInterface(REFIID riid) const override { return riid == IID_IWDFWorkItem; }
    HRESULT driverDelete() override;

private:
    void run();

    FxDevice *m_device;
    PFN_WUDF_WORKITEM m_callback;
    bool m_serialized;
    bool m_queued = false;
    bool m_running = false;
};

} // namespace umdfx::fx
