#include "widgets/models/helplinks.h"

#include <array>
#include <cctype>

namespace umdfx::gui {

namespace {

constexpr std::string_view kWdf = "https://learn.microsoft.com/en-us/windows-hardware/drivers/wdf/";
constexpr std::string_view kDdi
    = "https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/wudfddi/";

std::string lower(std::string_view s)
{
    std::string out;
    for (char c : s)
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return out;
}

struct Win32Page
{
    std::string_view method;
    std::string_view url;
};

// The Win32 calls of core/win32/application.h, by their documented header pages.
constexpr std::array kWin32 {
    Win32Page { "CreateFile",
        "https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-createfilew" },
    Win32Page { "WriteFile",
        "https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-writefile" },
    Win32Page { "WriteFileEx",
        "https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-writefileex" },
    Win32Page { "ReadFile",
        "https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-readfile" },
    Win32Page { "ReadFileEx",
        "https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-readfileex" },
    Win32Page { "DeviceIoControl",
        "https://learn.microsoft.com/en-us/windows/win32/api/ioapiset/"
        "nf-ioapiset-deviceiocontrol" },
    Win32Page {
        "CancelIoEx", "https://learn.microsoft.com/en-us/windows/win32/fileio/cancelioex-func" },
    Win32Page { "CloseHandle",
        "https://learn.microsoft.com/en-us/windows/win32/api/handleapi/nf-handleapi-closehandle" },
    Win32Page { "SetupDiGetClassDevs",
        "https://learn.microsoft.com/en-us/windows/win32/api/setupapi/"
        "nf-setupapi-setupdigetclassdevsw" },
    Win32Page { "SetupDiEnumDeviceInterfaces",
        "https://learn.microsoft.com/en-us/windows/win32/api/setupapi/"
        "nf-setupapi-setupdienumdeviceinterfaces" },
    Win32Page { "SetupDiGetDeviceInterfaceDetail",
        "https://learn.microsoft.com/en-us/windows/win32/api/setupapi/"
        "nf-setupapi-setupdigetdeviceinterfacedetailw" },
    Win32Page { "RegisterDeviceNotification",
        "https://learn.microsoft.com/en-us/windows/win32/api/winuser/"
        "nf-winuser-registerdevicenotificationw" },
};

} // namespace

const std::vector<HelpLink> &umdfConceptLinks()
{
    static const std::vector<HelpLink> links = [] {
        const auto wdf = [](std::string_view group, std::string_view title, std::string_view page) {
            return HelpLink { group, title, std::string(kWdf) + std::string(page) };
        };
        return std::vector<HelpLink> {
            wdf("Architecture", "UMDF version history", "umdf-version-history"),
            wdf("Architecture", "The driver host process (WUDFHost)", "umdf-driver-host-process"),
            wdf("Architecture", "Detailed view of the UMDF architecture",
                "detailed-view-of-the-umdf-architecture"),
            wdf("Architecture", "UMDF is based on a subset of COM", "umdf-based-on-com-subset"),
            wdf("Objects", "Framework objects", "framework-objects"),
            wdf("Objects", "Framework object hierarchy", "framework-object-hierarchy"),
            wdf("Objects", "Managing the lifetime of objects", "managing-the-lifetime-of-objects"),
            wdf("Objects", "Framework file objects", "framework-file-object"),
            wdf("Objects", "Driver-created versus application-created file objects",
                "driver-created-versus-application-created-file-objects"),
            wdf("PnP and power", "A user plugs in a device", "a-user-plugs-in-a-device-umdf"),
            wdf("PnP and power", "A user unplugs a device (orderly removal)",
                "a-user-unplugs-a-device-umdf"),
            wdf("PnP and power", "A device enters a low-power state",
                "a-device-enters-a-low-power-state-umdf"),
            wdf("PnP and power", "The PnP manager redistributes system resources",
                "the-pnp-manager-redistributes-system-resources-umdf"),
            wdf("PnP and power", "How UMDF handles driver failures",
                "how-umdf-handles-driver-failures"),
            wdf("I/O", "The framework I/O request object", "framework-i-o-request-object"),
            wdf("I/O", "Configuring the dispatch mode of an I/O queue",
                "configuring-dispatch-mode-for-an-i-o-queue"),
            wdf("I/O", "Completing I/O requests", "completing-i-o-requests-umdf"),
            wdf("I/O", "Canceling I/O requests", "canceling-i-o-requests-umdf"),
            wdf("I/O", "Accessing data buffers in UMDF 1.x drivers",
                "accessing-data-buffers-in-umdf-1-x-drivers"),
            wdf("I/O", "Specifying a callback synchronization mode",
                "specifying-a-callback-synchronization-mode"),
            wdf("Interfaces and targets", "Using device interfaces in UMDF drivers",
                "using-device-interfaces-in-umdf-drivers"),
            wdf("Interfaces and targets", "Controlling a general I/O target's state",
                "controlling-a-general-i-o-target-s-state-in-umdf"),
            wdf("Interfaces and targets", "Sending I/O requests to a general I/O target",
                "sending-i-o-requests-to-a-general-i-o-target-in-umdf"),
            wdf("Interfaces and targets", "Using work items", "using-workitems"),
            wdf("Verifier", "Using UMDF Verifier", "using-umdf-verifier"),
            wdf("Verifier", "How UMDF enforces time-outs", "how-umdf-enforces-time-outs"),
        };
    }();
    return links;
}

std::string methodDocumentationUrl(std::string_view iface, std::string_view method)
{
    if (iface.empty() || method.empty())
        return {};
    if (iface == "kernel32" || iface == "setupapi" || iface == "user32") {
        for (const Win32Page &p : kWin32)
            if (p.method == method)
                return std::string(p.url);
        return {};
    }
    // UMDF interfaces: IWDF… (framework) and I…Callback… / IDriverEntry / IObjectCleanup (driver).
    if (iface.size() < 2 || iface[0] != 'I' || !std::isupper(static_cast<unsigned char>(iface[1])))
        return {};
    if (iface == "IUnknown" || iface == "IClassFactory")
        return {};
    return std::string(kDdi) + "nf-wudfddi-" + lower(iface) + "-" + lower(method);
}

} // namespace umdfx::gui
