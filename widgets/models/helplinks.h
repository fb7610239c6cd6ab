#pragma once
// Microsoft's documentation for the UMDF concepts the explorer shows (the pages reference
// umdf1-semantics.md cites as [docs:…] and [ddi:…]), for the Help menu and context menus.
// Immutable data; any thread may call these.

#include <string>
#include <string_view>
#include <vector>

namespace umdfx::gui {

struct HelpLink
{
    std::string_view group; // "Objects", "PnP and power", "I/O", ...
    std::string_view title; // "Device interfaces"
    std::string url;
};

// The concept pages, grouped, in menu order.
const std::vector<HelpLink> &umdfConceptLinks();

// The reference page of a UMDF 1 method (wudfddi.h) — "IQueueCallbackWrite", "OnWrite" ->
// https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/wudfddi/nf-wudfddi-iqueuecallbackwrite-onwrite
// — or of a Win32 call the simulated applications make ("kernel32", "WriteFile"); "" for
// names that are the simulator's own (PnP::…, action::…).
std::string methodDocumentationUrl(std::string_view iface, std::string_view method);

} // namespace umdfx::gui
