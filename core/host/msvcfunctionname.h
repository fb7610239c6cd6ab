#pragma once

#include <string>
#include <string_view>

namespace umdfx {

// What MSVC's __FUNCTION__ (and so WPP's %!FUNC!) gives for a function, from the signature
// clang's __PRETTY_FUNCTION__ spells: "virtual HRESULT CMyDevice::OnPrepareHardware(IWDFDevice *)"
// -> "CMyDevice::OnPrepareHardware", "static void S<int>::g() [T = int]" -> "S<int>::g",
// "int (*N::h(int))(int)" -> "N::h". A driver built by clang has only the unqualified
// __FUNCTION__; Windows trace messages carry the qualified name, and so do ours. Text that is not
// a signature comes back unchanged.
std::string msvcFunctionName(std::string_view prettyFunction);

} // namespace umdfx
