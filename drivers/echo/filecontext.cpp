#include "drivers/echo/filecontext.h"

namespace echo {

HRESULT STDMETHODCALLTYPE CFileContext::QueryInterface(REFIID riid, void **ppv)
{
    if (!ppv)
        return E_POINTER;
    if (IsEqualIID(riid, IID_IObjectCleanup)) {
        AddRef();
        *ppv = static_cast<IObjectCleanup *>(this);
        return S_OK;
    }
    return CUnknown::QueryInterface(riid, ppv);
}

// Nothing to release: the context holds no framework references.
void STDMETHODCALLTYPE CFileContext::OnCleanup(IWDFObject *) { }

} // namespace echo
