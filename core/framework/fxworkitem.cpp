#include "core/framework/fxworkitem.h"

#include "core/framework/fxdevice.h"
#include "core/framework/fxobjectimpl.h"
#include "core/host/driverhost.h"

namespace umdfx::fx {

FxWorkItem::FxWorkItem(DriverHost &host, FxDevice &device, FxObjectBase *parent,
    const WUDF_WORKITEM_CONFIG &config, bool serialized)
    : FxObjectImpl<IWDFWorkItem>(host, device.driver(), "IWDFWorkItem", parent)
    , m_device(&device)
    , m_callback(config.OnWorkItemFunc)
    , m_serialized(serialized)
{ }

void STDMETHODCALLTYPE FxWorkItem::Enqueue()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFWorkItem"), UMDFX_STR("Enqueue")));
    // Already queued: not queued twice; one run handles all pending work (§6.5).
    if (m_queued || lifecycle() != FxLifecycle::Alive)
        return;
    m_queued = true;
    addRef(); // alive until it ran
    // A serialized one runs on the host's dispatcher, in turn with the device's callbacks; the
    // others on a thread of the host's pool (where it may wait, as on Windows).
    const trace::StrId thread = m_serialized
        ? host().thread()
        : trace::intern(std::string(trace::str(host().thread())) + ".pool");
    host().world().scheduler.post(thread, [this] {
        const auto work = [this] {
            host().contain([&] {
                if (!host().failed() && lifecycle() == FxLifecycle::Alive)
                    run();
            });
            std::lock_guard taskLock(host().world().lock);
            m_queued = false;
            release();
        };
        if (m_serialized || host().failed())
            work(); // (a failed host's pool runs nothing: only the bookkeeping is left)
        else
            host().threadPool().run(work);
    });
}

void FxWorkItem::run()
{
    m_queued = false;
    m_running = true;
    trace::ArgsWriter args;
    args.objectRef("pWorkItem", id());
    args.boolean("AutomaticSerialization", m_serialized);
    const FxDevice::SerializedCallback serialized(m_serialized ? m_device : nullptr);
    TracedCall call(tracer(),
        callbackSite(UMDFX_STR("WUDF_WORKITEM_FUNCTION"), UMDFX_STR("OnWorkItem")), &args);
    if (m_callback)
        m_callback(this);
    m_running = false;
}

void STDMETHODCALLTYPE FxWorkItem::Flush()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFWorkItem"), UMDFX_STR("Flush")));
    // Returns once a queued run has finished; the calling thread's other work waits.
    const trace::StrId caller = host().world().scheduler.currentThread();
    host().world().threads.wait(
        [this] { return !m_queued && !m_running; }, std::nullopt, "IWDFWorkItem::Flush", caller);
}

IWDFObject *STDMETHODCALLTYPE FxWorkItem::GetParentObject()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFWorkItem"), UMDFX_STR("GetParentObject")));
    return parent() ? parent()->wdfObject() : nullptr;
}

HRESULT FxWorkItem::driverDelete()
{
    if (m_running) {
        // Not from inside its own OnWorkItem ([ddi] CreateWorkItem; V24).
        host().world().verifier.report(
            ddiSite(UMDFX_STR("IWDFObject"), UMDFX_STR("DeleteWdfObject")), "V24",
            "WorkItemDeletedInsideCallback",
            "a work item was deleted from inside its own OnWorkItem");
        return HRESULT_FROM_WIN32(ERROR_INVALID_OPERATION);
    }
    deleteTree();
    return S_OK;
}

} // namespace umdfx::fx
