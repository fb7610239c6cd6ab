#pragma once
// The buggy sample: a UMDF 1 driver that makes one mistake on purpose, chosen by the scenario
// parameter Mistake (REG_SZ), so that each verifier rule of reference §9 can be seen firing with
// the records it cites, in teaching and in strict mode. Without Mistake it behaves (an echo-like
// device that completes every write). docs/drivers.md lists the mistakes.

#include "core/wudf/wudfddi.h"

extern const CLSID CLSID_BuggyDriver;
// {3d8b5e61-0a2c-4f7e-b914-6c5d4e3f2a1b}: the buggy device's interface class (ours).
extern const GUID GUID_DEVINTERFACE_UMDFX_BUGGY;

HRESULT BuggyDllGetClassObject(REFCLSID clsid, REFIID riid, void **ppv);

// The mistakes, as the Mistake parameter names them (the rule each one breaks in brackets).
inline constexpr const char *kBuggyMistakes[] = {
    "DoubleCompletion", // V5: OnWrite completes the request twice
    "RequestNotCompleted", // V6: OnWrite keeps the request; it is still owned at removal
    "UseAfterCompletion", // V7: OnWrite calls GetWriteParameters after completing
    "MemoryNotReleased", // V8: GetInputMemory without Release before completion
    "WrongBuffer", // V9: GetOutputMemory on a write request
    "CompletedWhileCancelable", // V10: MarkCancelable, then Complete without UnmarkCancelable
    "CompletedNotOwned", // V10: ForwardToIoQueue, then Complete the request it gave away
    "QueueStateChangePending", // V14: Stop, and Drain while the Stop is pending
    "StopAcknowledgeOutsideOnIoStop", // V15: StopAcknowledge from OnWrite
    "OnDeviceAddWithoutDevice", // V16: OnDeviceAdd returns S_OK without CreateDevice
    "CompletedDriverCreatedRequest", // V18: Complete on a request from CreateRequest
    "SendUnformattedRequest", // V19: Send a request that was never formatted
    "DeleteWorkItemInsideCallback", // V24: a work item deletes itself in OnWorkItem
    "CreateRemoteInterfaceOutsideArrival", // V25: keeps the init object, uses it later
    "SwenumOpenInsideArrival", // V25: opens a SWENUM interface inside the arrival (S9)
    "QueryRemoveWithoutClose", // V25: OnRemoteTargetQueryRemove TRUE without CloseForQueryRemove
    "RemoveCompleteWithoutClose", // V25: OnRemoteTargetRemoveComplete without Close
    "RemoteInterfaceNotDeleted", // V25: OnRemoteInterfaceRemoval without DeleteWdfObject
    "ObjectLeak", // V26: a memory object referenced forever
    "TimerLeak", // V26: a timer-queue timer never deleted
    "HostTimeout", // V27: OnD0Entry sleeps past the host timeout
    "UntranslatableStatus", // V28: completes with a status that is no Win32/NT HRESULT
};
