#pragma once

#include "core/framework/fxnames.h"
#include "core/runtime/tracer.h"
#include "core/wudf/win32host.h"
#include "core/wudf/wudfddi.h"

#include <atomic>
#include <cstdint>
#include <vector>

namespace umdfx {
class DriverHost;
}

namespace umdfx::fx {

class FxDevice;
class FxDriver;

// Where an object is in its life (reference §1.4): alive in the tree, being deleted (its
// OnCleanup is running), deleted from the tree but still referenced by someone, destroyed.
enum class FxLifecycle : std::uint8_t { Alive, Deleting, Deleted };
const char *lifecycleName(FxLifecycle);

// The part every framework object shares: a COM reference count and a place in the WDF object
// tree (the two overlapping lifetime systems of reference §1.4), the single driver context
// (AssignContext), the IObjectCleanup callbacks, and what the trace needs to name it.
// The tree holds one reference; an object is destroyed when it has been deleted from the tree
// and the last COM reference is released. Deleting a parent deletes its children first.
//
// Threads: world lock held (every DDI takes it). Objects are owned by the tree and their COM
// references; the host keeps a registry of live objects for views and leak reports.
class FxObjectBase
{
public:
    FxObjectBase(DriverHost &host, FxDriver *driver, const char *typeName, FxObjectBase *parent);
    virtual ~FxObjectBase();
    FxObjectBase(const FxObjectBase &) = delete;
    FxObjectBase &operator=(const FxObjectBase &) = delete;

    std::uint32_t id() const { return m_id; }
    const char *typeName() const { return m_typeName; }
    FxObjectBase *parent() const { return m_parent; }
    const std::vector<FxObjectBase *> &children() const { return m_children; }
    FxLifecycle lifecycle() const { return m_lifecycle; }
    DriverHost &host() const { return m_host; }
    FxDriver *driver() const { return m_driver; }
    virtual FxDevice *device() const;
    ULONG refCount() const { return m_refs.load(); }
    bool hasContext() const { return m_contextAssigned; }
    // The record of the call that created it (the Create* DDI, or what the framework was doing).
    std::uint64_t createdSeq() const { return m_createdSeq; }

    ULONG addRef();
    ULONG release();
    // Framework-side deletion: children first, then this object's OnCleanup callbacks, then the
    // tree's reference is dropped.
    void deleteTree();
    // Takes over one reference to a cleanup callback found by QueryInterface at creation.
    void setCreationCleanup(IObjectCleanup *cb);

    virtual IWDFObject *wdfObject() = 0;
    virtual std::uint32_t requestId() const { return 0; }

    trace::StrId deviceName() const;
    trace::StrId driverLane() const;
    Tracer::Site ddiSite(trace::StrId iface, trace::StrId method) const;
    Tracer::Site callbackSite(trace::StrId iface, trace::StrId method) const;
    Tracer &tracer() const;

    // Called by the host when the world ends: drops the references the framework holds on
    // driver callback objects so the driver can free them.
    void releaseCallbacks();
    // Also at the world's end, before every object is destroyed at once: forget (without
    // releasing) the references this object holds on other framework objects.
    virtual void forgetFrameworkReferences() { }

protected:
    // The driver object owns itself: its calls are made in its own lane.
    void setOwningDriver(FxDriver *driver) { m_driver = driver; }
    HRESULT assignContextImpl(IObjectCleanup *cb, void *context);
    HRESULT retrieveContextImpl(void **context);
    // DeleteWdfObject from the driver. Framework-owned objects refuse (ACCESS_DENIED, §1.2).
    virtual HRESULT driverDelete();
    // A subclass's own teardown before children are deleted (queues cancel requests, …).
    virtual void onDeleting() { }
    // After OnCleanup: release the driver callback interfaces this object cached.
    virtual void dropCallbacks() { }

private:
    void addChild(FxObjectBase *c) { m_children.push_back(c); }
    void removeChild(FxObjectBase *c);

    DriverHost &m_host;
    FxDriver *m_driver; // the driver whose object this is (lane in the trace)
    const char *m_typeName; // "IWDFIoQueue", for views
    FxObjectBase *m_parent; // not owned
    std::vector<FxObjectBase *> m_children; // not owned (they own themselves through the tree ref)
    std::uint32_t m_id;
    std::uint64_t m_createdSeq;
    std::atomic<ULONG> m_refs { 1 }; // the tree's reference
    FxLifecycle m_lifecycle = FxLifecycle::Alive;
    IObjectCleanup *m_creationCleanup = nullptr; // referenced
    IObjectCleanup *m_contextCleanup = nullptr; // referenced until OnCleanup ran
    void *m_context = nullptr;
    bool m_contextAssigned = false;
};

// IUnknown and IWDFObject for a framework object whose interfaces form one single-inheritance
// chain ending in I (IWDFDevice3 : IWDFDevice2 : IWDFDevice : IWDFObject : IUnknown), so one
// pointer answers every IID in answersInterface().
template<class I> class FxObjectImpl : public I, public FxObjectBase
{
public:
    using FxObjectBase::FxObjectBase;

    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override;
    ULONG STDMETHODCALLTYPE AddRef() override { return addRef(); }
    ULONG STDMETHODCALLTYPE Release() override { return release(); }

    HRESULT STDMETHODCALLTYPE DeleteWdfObject() override;
    HRESULT STDMETHODCALLTYPE AssignContext(
        IObjectCleanup *pCleanupCallback, void *pContext) override;
    HRESULT STDMETHODCALLTYPE RetrieveContext(void **ppvContext) override;
    void STDMETHODCALLTYPE AcquireLock() override;
    void STDMETHODCALLTYPE ReleaseLock() override;

    IWDFObject *wdfObject() override { return this; }

protected:
    virtual bool answersInterface(REFIID riid) const = 0;
    // The presentation lock IWDFObject::AcquireLock takes: only device and queue objects have one
    // (reference §7.2).
    virtual CRITICAL_SECTION *presentationLock() { return nullptr; }
};

// Records the framework's QueryInterface probe of a driver callback object (reference §1.1):
// a call record with the IID's name and a return with its HRESULT. Returns the interface (the
// framework keeps the reference) or nullptr.
void *probeCallback(const FxObjectBase &owner, IUnknown *callback, REFIID riid);
template<class I> I *probe(const FxObjectBase &owner, IUnknown *callback)
{
    return static_cast<I *>(probeCallback(owner, callback, umdfx::wudf::uuidOf<I>()));
}

template<class T> void releaseInterface(T *&p)
{
    if (p) {
        p->Release();
        p = nullptr;
    }
}

} // namespace umdfx::fx
