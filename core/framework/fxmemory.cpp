#include "core/framework/fxmemory.h"

#include "core/framework/fxdriver.h"
#include "core/framework/fxobjectimpl.h"

#include <cstring>

namespace umdfx::fx {

FxMemory::FxMemory(DriverHost &host, FxDriver *driver, FxObjectBase *parent, SIZE_T size)
    : FxObjectImpl<IWDFMemory>(host, driver, "IWDFMemory", parent)
    , m_own(size)
{ }

FxMemory::FxMemory(
    DriverHost &host, FxDriver *driver, FxObjectBase *parent, BYTE *buffer, SIZE_T size)
    : FxObjectImpl<IWDFMemory>(host, driver, "IWDFMemory", parent)
    , m_external(buffer)
    , m_externalSize(size)
{ }

FxMemory::FxMemory(
    DriverHost &host, FxDriver *driver, FxObjectBase *parent, std::vector<std::byte> *storage)
    : FxObjectImpl<IWDFMemory>(host, driver, "IWDFMemory", parent)
    , m_storage(storage)
    , m_storageOwner(parent)
{
    m_storageOwner->addRef();
}

FxMemory::~FxMemory()
{
    if (m_storageOwner)
        m_storageOwner->release();
}

std::byte *FxMemory::data()
{
    if (m_external)
        return reinterpret_cast<std::byte *>(m_external);
    if (m_storage)
        return m_storage->data();
    return m_own.data();
}

SIZE_T FxMemory::size() const
{
    if (m_external)
        return m_externalSize;
    if (m_storage)
        return m_storage->size();
    return m_own.size();
}

static bool fits(SIZE_T offset, SIZE_T count, SIZE_T size)
{
    return offset <= size && count <= size - offset;
}

HRESULT STDMETHODCALLTYPE FxMemory::CopyFromMemory(
    IWDFMemory *Source, PWDFMEMORY_OFFSET SourceOffset)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFMemory"), UMDFX_STR("CopyFromMemory")));
    auto *src = dynamic_cast<FxMemory *>(Source);
    HRESULT hr = S_OK;
    if (!src) {
        hr = E_INVALIDARG;
    } else {
        const SIZE_T off = SourceOffset ? SourceOffset->BufferOffset : 0;
        const SIZE_T len = SourceOffset ? SourceOffset->BufferLength : src->size();
        if (!fits(off, len, src->size()) || len > size())
            hr = E_INVALIDARG;
        else if (len > 0)
            std::memmove(data(), src->data() + off, len);
    }
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

HRESULT STDMETHODCALLTYPE FxMemory::CopyToBuffer(
    ULONG_PTR SourceOffset, void *TargetBuffer, SIZE_T NumOfBytesToCopyTo)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.u64("SourceOffset", SourceOffset);
    args.u64("NumOfBytesToCopyTo", NumOfBytesToCopyTo);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFMemory"), UMDFX_STR("CopyToBuffer")), &args);
    HRESULT hr = S_OK;
    if (!TargetBuffer && NumOfBytesToCopyTo > 0)
        hr = E_POINTER;
    else if (!fits(SourceOffset, NumOfBytesToCopyTo, size()))
        hr = E_INVALIDARG;
    else if (NumOfBytesToCopyTo > 0)
        std::memcpy(TargetBuffer, data() + SourceOffset, NumOfBytesToCopyTo);
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

HRESULT STDMETHODCALLTYPE FxMemory::CopyFromBuffer(
    ULONG_PTR DestOffset, void *SourceBuffer, SIZE_T NumOfBytesToCopyFrom)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.u64("DestOffset", DestOffset);
    args.u64("NumOfBytesToCopyFrom", NumOfBytesToCopyFrom);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFMemory"), UMDFX_STR("CopyFromBuffer")), &args);
    HRESULT hr = S_OK;
    if (!SourceBuffer && NumOfBytesToCopyFrom > 0)
        hr = E_POINTER;
    else if (!fits(DestOffset, NumOfBytesToCopyFrom, size()))
        hr = E_INVALIDARG;
    else if (NumOfBytesToCopyFrom > 0)
        std::memcpy(data() + DestOffset, SourceBuffer, NumOfBytesToCopyFrom);
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

SIZE_T STDMETHODCALLTYPE FxMemory::GetSize()
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFMemory"), UMDFX_STR("GetSize")));
    const SIZE_T n = size();
    trace::ArgsWriter out;
    out.u64("result", n);
    call.done(std::nullopt, &out);
    return n;
}

void *STDMETHODCALLTYPE FxMemory::GetDataBuffer(SIZE_T *BufferSize)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFMemory"), UMDFX_STR("GetDataBuffer")));
    if (BufferSize)
        *BufferSize = size();
    trace::ArgsWriter out;
    out.u64("BufferSize", size());
    call.done(std::nullopt, &out);
    return data();
}

void STDMETHODCALLTYPE FxMemory::SetBuffer(void *Buffer, SIZE_T BufferSize)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.u64("BufferSize", BufferSize);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFMemory"), UMDFX_STR("SetBuffer")), &args);
    // Only memory the driver lent may be re-pointed; a zero size is a verifier error (V3).
    if (Buffer && BufferSize > 0 && !m_storage) {
        m_own.clear();
        m_external = static_cast<BYTE *>(Buffer);
        m_externalSize = BufferSize;
    }
}

} // namespace umdfx::fx
