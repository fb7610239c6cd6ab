#include "widgets/models/knownguids.h"

#include <array>
#include <cctype>

namespace umdfx::gui {

namespace {

struct KnownGuid
{
    std::string_view guid; // lower case, no braces
    std::string_view name;
};

// Values from reference §4.4 (and §2.8 for the host-problem notification).
constexpr std::array kKnown {
    KnownGuid { "cdc35b6e-0be4-4936-bf5f-5537380a7c1a", "GUID_DEVINTERFACE_ECHO" },
    KnownGuid { "86e0d1e0-8089-11d0-9ce4-08003e301f73", "GUID_DEVINTERFACE_COMPORT" },
    KnownGuid { "4d1e55b2-f16f-11cf-88cb-001111000030", "GUID_DEVINTERFACE_HID" },
    KnownGuid { "a5dcbf10-6530-11d2-901f-00c04fb951ed", "GUID_DEVINTERFACE_USB_DEVICE" },
    KnownGuid { "53f56307-b6bf-11d0-94f2-00a0c91efb8b", "GUID_DEVINTERFACE_DISK" },
    KnownGuid { "53f56308-b6bf-11d0-94f2-00a0c91efb8b", "GUID_DEVINTERFACE_CDROM" },
    KnownGuid { "378de44c-56ef-11d1-bc8c-00a0c91405dd", "GUID_DEVINTERFACE_MOUSE" },
    KnownGuid { "884b96c3-56ef-11d1-bc8c-00a0c91405dd", "GUID_DEVINTERFACE_KEYBOARD" },
    KnownGuid { "781ef630-72b2-11d2-b852-00c04fad5171", "GUID_DEVINTERFACE_TOASTER" },
    KnownGuid { "573e8c73-0cb4-4471-a1bf-fab26c31d384", "GUID_DEVINTERFACE_OSRUSBFX2" },
    // Our sample drivers' own (docs/drivers.md).
    KnownGuid { "6c0a3f52-8d1e-4b7a-a2c9-5e4f3d2b1a09", "GUID_DEVINTERFACE_UMDFX_SENSOR" },
    KnownGuid { "9b3e7d21-4f6a-4c8b-8e2d-1a0b9c8d7e6f", "GUID_UMDFX_SENSOR_READING" },
    KnownGuid { "3d8b5e61-0a2c-4f7e-b914-6c5d4e3f2a1b", "GUID_DEVINTERFACE_UMDFX_BUGGY" },
};

std::string normalise(std::string_view text)
{
    std::string out;
    for (char c : text) {
        if (c == '{' || c == '}' || std::isspace(static_cast<unsigned char>(c)))
            continue;
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return out;
}

} // namespace

std::string_view guidFriendlyName(std::string_view guidText)
{
    const std::string key = normalise(guidText);
    for (const KnownGuid &k : kKnown)
        if (k.guid == key)
            return k.name;
    return {};
}

std::string guidWithName(std::string_view guidText)
{
    const auto name = guidFriendlyName(guidText);
    if (name.empty())
        return std::string(guidText);
    return std::string(name) + " " + std::string(guidText);
}

} // namespace umdfx::gui
