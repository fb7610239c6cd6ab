#pragma once

#include "drivers/echo/comsup.h"

#include <string>

namespace echo {

// What the echo driver keeps per open file: the name it was opened with ("\Port1"). Its
// IObjectCleanup runs when the framework deletes the file object.
class CFileContext final : public CUnknown, public IObjectCleanup
{
public:
    explicit CFileContext(std::u16string name)
        : m_name(std::move(name))
    { }
    const std::u16string &name() const { return m_name; }

    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **ppv) override;
    ULONG STDMETHODCALLTYPE AddRef() override { return CUnknown::AddRef(); }
    ULONG STDMETHODCALLTYPE Release() override { return CUnknown::Release(); }

    void STDMETHODCALLTYPE OnCleanup(IWDFObject *pWdfObject) override;

private:
    std::u16string m_name;
};

} // namespace echo
