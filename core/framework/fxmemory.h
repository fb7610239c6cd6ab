#pragma once

#include "core/framework/fxobject.h"

#include <vector>

namespace umdfx::fx {

// IWDFMemory: a buffer the framework owns (CreateWdfMemory, a request's input/output buffer) or
// one the driver lends (CreatePreallocatedWdfMemory, SetBuffer). Copies are bounds-checked and
// fail with E_INVALIDARG instead of overrunning.
//
// Threads: world lock. Owned by its tree (parent: driver, request, or what the driver chose).
class FxMemory final : public FxObjectImpl<IWDFMemory>
{
public:
    FxMemory(DriverHost &host, FxDriver *driver, FxObjectBase *parent,
        SIZE_T size); // framework-allocated
    FxMemory(DriverHost &host, FxDriver *driver, FxObjectBase *parent, BYTE *buffer,
        SIZE_T size); // driver's
    // A request's buffer: the memory views the request's own storage and keeps the request
    // alive (one reference) for as long as the memory object lives.
    FxMemory(
        DriverHost &host, FxDriver *driver, FxObjectBase *parent, std::vector<std::byte> *storage);
    ~FxMemory() override;

    void forgetFrameworkReferences() override { m_storageOwner = nullptr; }
    std::byte *data();
    SIZE_T size() const;

    HRESULT STDMETHODCALLTYPE CopyFromMemory(
        IWDFMemory *Source, PWDFMEMORY_OFFSET SourceOffset) override;
    HRESULT STDMETHODCALLTYPE CopyToBuffer(
        ULONG_PTR SourceOffset, void *TargetBuffer, SIZE_T NumOfBytesToCopyTo) override;
    HRESULT STDMETHODCALLTYPE CopyFromBuffer(
        ULONG_PTR DestOffset, void *SourceBuffer, SIZE_T NumOfBytesToCopyFrom) override;
    SIZE_T STDMETHODCALLTYPE GetSize() override;
    void *STDMETHODCALLTYPE GetDataBuffer(SIZE_T *BufferSize) override;
    void STDMETHODCALLTYPE SetBuffer(void *Buffer, SIZE_T BufferSize) override;

protected:
    bool answersInterface(REFIID riid) const override { return riid == IID_IWDFMemory; }

private:
    std::vector<std::byte> m_own;
    std::vector<std::byte> *m_storage = nullptr; // a request's buffer (not owned)
    BYTE *m_external = nullptr; // a driver's buffer (not owned)
    FxObjectBase *m_storageOwner = nullptr; // referenced while m_storage is used
    SIZE_T m_externalSize = 0;
};

} // namespace umdfx::fx
