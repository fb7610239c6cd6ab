#pragma once
// A UMDF 1 driver for tests whose queue set-up and behaviour come from its device parameters, so
// tests can reach the framework paths the echo sample never takes (parallel and manual queues,
// request routing, OnDefaultIoHandler, a driver that completes twice, a bad queue configuration).

#include "core/host/drivermodule.h"

namespace probe {

// "builtin:probe" and "builtin:echo" together.
const umdfx::DriverModuleRegistry &registry();

// Parameters (REG_DWORD):
//   QueueType          1 sequential (default), 2 parallel, 3 manual — the queue that gets writes
//   RouteWrites        1: writes go to a second, non-default queue through
//   ConfigureRequestDispatching DefaultHandlerOnly 1: the write queue implements only
//   IQueueCallbackDefaultIoHandler HoldWrites         1: OnWrite keeps the request; IOCTL 1
//   completes every held one DoubleComplete     1: OnWrite completes the request twice
//   ManualWithCallbacks 1: asks for a manual queue with dispatch callbacks
//   (ERROR_BAD_CONFIGURATION)
//   WorkItem           1: OnDeviceAdd creates a work item with AutomaticSerialization, 2: without
//   LockingNone        1: SetLockingConstraint(None) instead of WdfDeviceLevel
//   PowerPolicyOwner   1: SetPowerPolicyOwnership(TRUE) before CreateDevice
//   AssignIdle         1: IWDFDevice2::AssignS0IdleSettings(IdleCaps (IdleCannotWakeFromS0),
//                      IdleDx (PowerDeviceD3), 6000 ms, IdleUserControl (IdleAllowUserControl),
//                      IdleEnabled (WdfTrue)) after CreateDeviceInterface, result ignored
//   AssignWake         1: IWDFDevice2::AssignSxWakeSettings(WakeDx (PowerDeviceD3),
//                      WakeUserControl (WakeAllowUserControl), WdfUseDefault), result ignored
//   PowerManagedWrites 1: the write queue is power-managed (the default queue, which takes
//                      creates and IOCTLs, never is)
// IOCTL 3 enqueues the work item twice; IOCTL 4 enqueues it and Flushes. With AssignIdle or
// PowerPolicyOwner, IOCTL 5 calls IWDFDevice2::StopIdle(FALSE), 6 StopIdle(TRUE), 7 ResumeIdle,
// 8 AssignS0IdleSettings(…, 6000 ms, …, WdfFalse) and 9 the same with WdfTrue.
// The device exposes interface class {a7c3e1d2-5b64-4f8e-9a01-23456789abcd} without a reference
// string. IOCTL 1 completes held writes; IOCTL 2 pulls one request from the manual write queue with
// RetrieveNextRequest and completes it (the IOCTL's information is 1 if it got one, else 0).

} // namespace probe
