#include "core/framework/fxfile.h"

#include "core/common/text.h"
#include "core/framework/fxdevice.h"
#include "core/framework/fxdeviceinit.h"
#include "core/framework/fxobjectimpl.h"

namespace umdfx::fx {

FxFile::FxFile(DriverHost &host, FxDevice &device, KernelFileId kernelFile, std::u16string name,
    DWORD processId)
    : FxObjectImpl<IWDFFile3>(host, device.driver(), "IWDFFile", &device)
    , m_device(&device)
    , m_kernelFile(kernelFile)
    , m_name(std::move(name))
    , m_pid(processId)
{ }

HRESULT STDMETHODCALLTYPE FxFile::RetrieveFileName(PWSTR pFileName, DWORD *pdwFileNameLengthInChars)
{
    std::lock_guard lock(host().world().lock);
    trace::ArgsWriter args;
    args.boolean("pFileName", pFileName != nullptr);
    args.u64("dwFileNameLengthInChars", pdwFileNameLengthInChars ? *pdwFileNameLengthInChars : 0);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFFile"), UMDFX_STR("RetrieveFileName")), &args);
    // §4.3: the size counts characters including the NUL; NULL buffer => S_OK and the size; a
    // buffer that is too small => ERROR_INSUFFICIENT_BUFFER and the size.
    const HRESULT hr = copyStringOut(m_name, pFileName, pdwFileNameLengthInChars);
    trace::ArgsWriter out;
    if (pdwFileNameLengthInChars)
        out.u64("dwFileNameLengthInChars", *pdwFileNameLengthInChars);
    if (SUCCEEDED(hr) && pFileName)
        out.string("FileName", toUtf8(m_name));
    call.done(static_cast<std::uint32_t>(hr), &out);
    return hr;
}

void STDMETHODCALLTYPE FxFile::GetDevice(IWDFDevice **ppWdfDevice)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFFile"), UMDFX_STR("GetDevice")));
    if (ppWdfDevice) {
        m_device->addRef();
        *ppWdfDevice = m_device;
    }
}

HRESULT STDMETHODCALLTYPE FxFile::RetrieveCountedFileName(
    WCHAR *pFileName, DWORD *pdwFileNameLengthInChars)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(
        tracer(), ddiSite(UMDFX_STR("IWDFFile2"), UMDFX_STR("RetrieveCountedFileName")));
    const HRESULT hr = copyStringOut(m_name, pFileName, pdwFileNameLengthInChars);
    call.done(static_cast<std::uint32_t>(hr));
    return hr;
}

void STDMETHODCALLTYPE FxFile::GetRelatedFileObject(IWDFFile **ppRelatedFileObj)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFFile2"), UMDFX_STR("GetRelatedFileObject")));
    if (ppRelatedFileObj)
        *ppRelatedFileObj = nullptr; // applications' creates never have a related file object here
}

void STDMETHODCALLTYPE FxFile::GetInitiatorProcessId(DWORD *pdwProcessId)
{
    std::lock_guard lock(host().world().lock);
    TracedCall call(tracer(), ddiSite(UMDFX_STR("IWDFFile3"), UMDFX_STR("GetInitiatorProcessId")));
    if (pdwProcessId)
        *pdwProcessId = m_pid;
}

} // namespace umdfx::fx
