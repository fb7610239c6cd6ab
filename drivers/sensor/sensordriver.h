#pragma once
// The sensor sample: a UMDF 1 driver whose device posts custom device events (IWDFDevice::
// PostEvent, reference §5) — on request (an IOCTL) and on a virtual-time interval set in the
// scenario (parameter IntervalMs, REG_DWORD; 0 or absent = no periodic events).

#include "core/wudf/wudfddi.h"

extern const CLSID CLSID_SensorDriver;
// {6c0a3f52-8d1e-4b7a-a2c9-5e4f3d2b1a09}: the sensor's device interface class (ours).
extern const GUID GUID_DEVINTERFACE_UMDFX_SENSOR;
// {9b3e7d21-4f6a-4c8b-8e2d-1a0b9c8d7e6f}: the event it posts (ours): a reading.
extern const GUID GUID_UMDFX_SENSOR_READING;

// The reading an event carries (8 bytes, little-endian): a sequence number from 1 and the value
// in milli-degrees Celsius.
struct SENSOR_READING
{
    ULONG Sequence;
    LONG MilliCelsius;
};

// CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS): post an event now. With
// an input buffer, that buffer is the event's payload; without, the next reading is.
inline constexpr ULONG IOCTL_UMDFX_SENSOR_POST_EVENT = 0x00222000;
// CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS): the last reading into
// the output buffer (8 bytes).
inline constexpr ULONG IOCTL_UMDFX_SENSOR_GET_READING = 0x00222004;

HRESULT SensorDllGetClassObject(REFCLSID clsid, REFIID riid, void **ppv);
