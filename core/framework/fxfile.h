#pragma once

#include "core/framework/fxobject.h"
#include "core/host/hostport.h"

#include <string>

namespace umdfx::fx {

class FxDevice;

// IWDFFile(2,3): the framework file object for one kernel file object an application (or
// another driver) opened on the device (reference §4.3, §4.5). Its name is the kernel file name
// relative to the device: "\Port1" for an interface with reference string Port1, "" for none.
// Created with the create request; deleted after OnCloseFile.
//
// Threads: world lock. Owned by the tree (parent: the device); the driver may not delete it.
class FxFile final : public FxObjectImpl<IWDFFile3>
{
public:
    FxFile(DriverHost &host, FxDevice &device, KernelFileId kernelFile, std::u16string name,
        DWORD processId);

    FxDevice *device() const override { return m_device; }
    KernelFileId kernelFile() const { return m_kernelFile; }
    const std::u16string &name() const { return m_name; }

    // IWDFFile
    HRESULT STDMETHODCALLTYPE RetrieveFileName(
        PWSTR pFileName, DWORD *pdwFileNameLengthInChars) override;
    void STDMETHODCALLTYPE GetDevice(IWDFDevice **ppWdfDevice) override;
    // IWDFFile2
    HRESULT STDMETHODCALLTYPE RetrieveCountedFileName(
        WCHAR *pFileName, DWORD *pdwFileNameLengthInChars) override;
    void STDMETHODCALLTYPE GetRelatedFileObject(IWDFFile **ppRelatedFileObj) override;
    // IWDFFile3
    void STDMETHODCALLTYPE GetInitiatorProcessId(DWORD *pdwProcessId) override;

protected:
    bool answersInterface(REFIID riid) const override
    {
        return riid == IID_IWDFFile || riid == IID_IWDFFile2 || riid == IID_IWDFFile3;
    }
    HRESULT driverDelete() override { return HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED); }

private:
    FxDevice *m_device;
    KernelFileId m_kernelFile;
    std::u16string m_name;
    DWORD m_pid;
};

} // namespace umdfx::fx
