#include "core/framework/fxobject.h"

#include "core/framework/fxdevice.h"
#include "core/framework/fxdriver.h"
#include "core/host/driverhost.h"

#include <algorithm>

namespace umdfx::fx {

const char *lifecycleName(FxLifecycle l)
{
    switch (l) {
    case FxLifecycle::Alive:
        return "alive";
    case FxLifecycle::Deleting:
        return "deleting";
    case FxLifecycle::Deleted:
        return "deleted";
    }
    return "?";
}

FxObjectBase::FxObjectBase(
    DriverHost &host, FxDriver *driver, const char *typeName, FxObjectBase *parent)
    : m_host(host)
    , m_driver(driver)
    , m_typeName(typeName)
    , m_parent(parent)
    , m_id(host.world().newObjectId())
    , m_createdSeq(host.world().tracer.innermostCall().value_or(host.world().tracer.lastSeq()))
{
    if (m_parent)
        m_parent->addChild(this);
    host.registerObject(this);
}

FxObjectBase::~FxObjectBase()
{
    releaseInterface(m_creationCleanup);
    releaseInterface(m_contextCleanup);
    for (auto *c : m_children)
        c->m_parent = nullptr;
    if (m_parent)
        m_parent->removeChild(this);
    m_host.unregisterObject(this);
}

void FxObjectBase::removeChild(FxObjectBase *c)
{
    std::erase(m_children, c);
}

FxDevice *FxObjectBase::device() const
{
    for (const FxObjectBase *o = m_parent; o; o = o->m_parent) {
        if (auto *d = o->device())
            return d;
    }
    return nullptr;
}

ULONG FxObjectBase::addRef()
{
    return ++m_refs;
}

ULONG FxObjectBase::release()
{
    const ULONG left = --m_refs;
    if (left == 0) {
        // The last reference of an object still in the tree cannot go: the tree holds one.
        // Reaching zero while Alive means the driver released more than it owned; keep the
        // object (a verifier report belongs here) rather than freeing memory still in use.
        if (m_lifecycle == FxLifecycle::Deleted)
            delete this;
        else
            m_refs = 1;
    }
    return left;
}

void FxObjectBase::setCreationCleanup(IObjectCleanup *cb)
{
    releaseInterface(m_creationCleanup);
    m_creationCleanup = cb;
}

void FxObjectBase::deleteTree()
{
    if (m_lifecycle != FxLifecycle::Alive)
        return;
    m_lifecycle = FxLifecycle::Deleting;
    onDeleting();
    // Children first, most recently created first (inferred order, §1.3).
    while (!m_children.empty()) {
        FxObjectBase *c = m_children.back();
        c->deleteTree();
        if (!m_children.empty() && m_children.back() == c)
            removeChild(c); // still referenced elsewhere: detach from this parent
    }
    const auto callCleanup = [this](IObjectCleanup *cb) {
        if (!cb)
            return;
        TracedCall call(
            tracer(), callbackSite(UMDFX_STR("IObjectCleanup"), UMDFX_STR("OnCleanup")));
        cb->OnCleanup(wdfObject());
    };
    callCleanup(m_creationCleanup);
    callCleanup(m_contextCleanup);
    releaseInterface(m_contextCleanup);
    releaseInterface(m_creationCleanup);
    dropCallbacks();
    m_lifecycle = FxLifecycle::Deleted;
    if (m_parent) {
        m_parent->removeChild(this);
        m_parent = nullptr;
    }
    release(); // the tree's reference
}

void FxObjectBase::releaseCallbacks()
{
    releaseInterface(m_contextCleanup);
    releaseInterface(m_creationCleanup);
    dropCallbacks();
}

HRESULT FxObjectBase::assignContextImpl(IObjectCleanup *cb, void *context)
{
    // One context per object, and none on an object being deleted ([ddi] AssignContext).
    if (m_contextAssigned || m_lifecycle != FxLifecycle::Alive)
        return HRESULT_FROM_WIN32(ERROR_INVALID_OPERATION);
    m_contextAssigned = true;
    m_context = context;
    if (cb) {
        cb->AddRef();
        m_contextCleanup = cb;
    }
    return S_OK;
}

HRESULT FxObjectBase::retrieveContextImpl(void **context)
{
    if (!context)
        return E_POINTER;
    *context = m_context;
    return m_contextAssigned ? S_OK : HRESULT_FROM_WIN32(ERROR_NOT_FOUND);
}

HRESULT FxObjectBase::driverDelete()
{
    deleteTree();
    return S_OK;
}

trace::StrId FxObjectBase::deviceName() const
{
    const FxDevice *d = device();
    return d ? d->instanceIdName() : 0;
}

trace::StrId FxObjectBase::driverLane() const
{
    return m_driver ? m_driver->lane() : lanes::host();
}

Tracer &FxObjectBase::tracer() const
{
    return m_host.world().tracer;
}

Tracer::Site FxObjectBase::ddiSite(trace::StrId iface, trace::StrId method) const
{
    return { trace::Kind::Ddi, driverLane(), lanes::framework(), deviceName(), iface, method, m_id,
        requestId() };
}

Tracer::Site FxObjectBase::callbackSite(trace::StrId iface, trace::StrId method) const
{
    return { trace::Kind::Callback, lanes::framework(), driverLane(), deviceName(), iface, method,
        m_id, requestId() };
}

void *probeCallback(const FxObjectBase &owner, IUnknown *callback, REFIID riid)
{
    if (!callback)
        return nullptr;
    trace::ArgsWriter args;
    const char *name = umdfx::wudf::interfaceName(riid);
    args.string("riid", name ? name : "?");
    TracedCall call(owner.tracer(),
        owner.callbackSite(UMDFX_STR("IUnknown"), UMDFX_STR("QueryInterface")), &args);
    void *p = nullptr;
    const HRESULT hr = callback->QueryInterface(riid, &p);
    call.done(static_cast<std::uint32_t>(hr));
    if (FAILED(hr))
        return nullptr;
    return p;
}

} // namespace umdfx::fx
