/*++

Module Name:

    kitchensink.cpp

Abstract:

    The self-test: each part of what core/compat declares for Windows driver sources, used as
    driver code uses it and checked against the documented Windows behaviour. Compile-time facts
    are C_ASSERTs; the rest are CHECKs that append "kitchensink.cpp:LINE: what" to the report.

    Host services (Sleep, the thread pool, timer queues, GetTickCount) are checked as they behave
    outside a simulated host, which is where this runs: they are documented to fail or do nothing
    there (core/wudf/win32host.h).

--*/

#include "kitchensink.h"

#include "kitchensink.tmh"

//
// ---- base types: Windows sizes on an LP64 host -------------------------------------------------
//
C_ASSERT(sizeof(BYTE) == 1);
C_ASSERT(sizeof(UCHAR) == 1);
C_ASSERT(sizeof(CHAR) == 1);
C_ASSERT(sizeof(BOOLEAN) == 1);
C_ASSERT(sizeof(WORD) == 2);
C_ASSERT(sizeof(USHORT) == 2);
C_ASSERT(sizeof(SHORT) == 2);
C_ASSERT(sizeof(WCHAR) == 2);
C_ASSERT(sizeof(TCHAR) == 2);
C_ASSERT(sizeof(L'x') == 2);
C_ASSERT(sizeof(DWORD) == 4);
C_ASSERT(sizeof(ULONG) == 4);
C_ASSERT(sizeof(LONG) == 4);
C_ASSERT(sizeof(INT) == 4);
C_ASSERT(sizeof(UINT) == 4);
C_ASSERT(sizeof(BOOL) == 4);
C_ASSERT(sizeof(HRESULT) == 4);
C_ASSERT(sizeof(NTSTATUS) == 4);
C_ASSERT(sizeof(SCODE) == 4);
C_ASSERT(sizeof(ULONGLONG) == 8);
C_ASSERT(sizeof(LONGLONG) == 8);
C_ASSERT(sizeof(LONG64) == 8);
C_ASSERT(sizeof(ULONG64) == 8);
C_ASSERT(sizeof(DWORD64) == 8);
C_ASSERT(sizeof(LARGE_INTEGER) == 8);
C_ASSERT(sizeof(SIZE_T) == sizeof(void *));
C_ASSERT(sizeof(SSIZE_T) == sizeof(void *));
C_ASSERT(sizeof(ULONG_PTR) == sizeof(void *));
C_ASSERT(sizeof(LONG_PTR) == sizeof(void *));
C_ASSERT(sizeof(DWORD_PTR) == sizeof(void *));
C_ASSERT(sizeof(UINT_PTR) == sizeof(void *));
C_ASSERT(sizeof(HANDLE) == sizeof(void *));
C_ASSERT(sizeof(HMODULE) == sizeof(void *));
C_ASSERT(sizeof(PVOID) == sizeof(void *));
C_ASSERT(sizeof(GUID) == 16);
C_ASSERT(sizeof(IID) == 16);
C_ASSERT(sizeof(CLSID) == 16);
C_ASSERT(MAX_PATH == 260);
C_ASSERT(INFINITE == 0xFFFFFFFF);
C_ASSERT(TRUE == 1 && FALSE == 0);
C_ASSERT((LONG)-1 < 0);
C_ASSERT((ULONG)-1 > 0);
C_ASSERT((DWORD)-1 > 0);
C_ASSERT((WCHAR)-1 > 0);
C_ASSERT((HRESULT)-1 < 0);
C_ASSERT((LONGLONG)-1 < 0);
C_ASSERT((ULONG_PTR)-1 > 0);
C_ASSERT(FIELD_OFFSET(GUID, Data4) == 8);
C_ASSERT(FIELD_OFFSET(LARGE_INTEGER, u.HighPart) == 4);

//
// ---- HRESULT values and macros -----------------------------------------------------------------
//
C_ASSERT(S_OK == 0 && S_FALSE == 1);
C_ASSERT(E_FAIL == (HRESULT)0x80004005);
C_ASSERT(E_NOINTERFACE == (HRESULT)0x80004002);
C_ASSERT(E_POINTER == (HRESULT)0x80004003);
C_ASSERT(E_INVALIDARG == (HRESULT)0x80070057);
C_ASSERT(E_OUTOFMEMORY == (HRESULT)0x8007000E);
C_ASSERT(E_NOTIMPL == (HRESULT)0x80004001);
C_ASSERT(E_UNEXPECTED == (HRESULT)0x8000FFFF);
C_ASSERT(CLASS_E_NOAGGREGATION == (HRESULT)0x80040110);
C_ASSERT(CLASS_E_CLASSNOTAVAILABLE == (HRESULT)0x80040111);
C_ASSERT(STRSAFE_E_INSUFFICIENT_BUFFER == (HRESULT)0x8007007A);
C_ASSERT(HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) == (HRESULT)0x80070002);
C_ASSERT(HRESULT_FROM_WIN32(ERROR_SUCCESS) == S_OK);
C_ASSERT(HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER) == STRSAFE_E_INSUFFICIENT_BUFFER);
C_ASSERT(HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED) == E_ACCESSDENIED);
C_ASSERT(MAKE_HRESULT(1, FACILITY_WIN32, ERROR_ACCESS_DENIED) == E_ACCESSDENIED);
C_ASSERT(HRESULT_CODE(E_ACCESSDENIED) == ERROR_ACCESS_DENIED);
C_ASSERT(HRESULT_FACILITY(E_ACCESSDENIED) == FACILITY_WIN32);
C_ASSERT(HRESULT_SEVERITY(E_FAIL) == 1);
C_ASSERT(SUCCEEDED(S_OK) && SUCCEEDED(S_FALSE) && !SUCCEEDED(E_FAIL));
C_ASSERT(FAILED(E_FAIL) && !FAILED(S_FALSE));
C_ASSERT(NT_SUCCESS(STATUS_SUCCESS));

//
// ---- COM identities ----------------------------------------------------------------------------
//
C_ASSERT(__uuidof(IKitchenSink).Data1 == 0x8d0c5b3a);
C_ASSERT(__uuidof(IKitchenTap).Data4[7] == 0x6c);
C_ASSERT(__uuidof(IUnknown).Data1 == 0x00000000 && __uuidof(IUnknown).Data4[0] == 0xC0);
C_ASSERT(__uuidof(IClassFactory).Data1 == 0x00000001);

namespace {

//
// The report: a line per failed CHECK, "ok (N checks)" when none failed.
//
class CReport
{
private:

    CHAR m_Failures[4096];
    ULONG m_FailureCount;
    ULONG m_CheckCount;

public:

    CReport(
        VOID
        ) : m_FailureCount(0), m_CheckCount(0)
    {
        m_Failures[0] = '\0';
    }

    VOID
    Check(
        _In_ BOOL Ok,
        _In_ int Line,
        _In_z_ PCSTR What
        )
    {
        CHAR line[512];

        m_CheckCount++;
        if (Ok) {
            return;
        }
        m_FailureCount++;
        (VOID)StringCchPrintfA(line, _countof(line), "kitchensink.cpp:%d: %s\n", Line, What);
        (VOID)StringCchCatA(m_Failures, _countof(m_Failures), line);
    }

    int
    Write(
        _Out_writes_z_(Size) PSTR Report,
        _In_ SIZE_T Size
        )
    {
        if (m_FailureCount == 0) {
            (VOID)StringCchPrintfA(Report, Size, "ok (%lu checks)", m_CheckCount);
        } else {
            (VOID)StringCchCopyA(Report, Size, m_Failures);
        }
        return static_cast<int>(m_FailureCount);
    }
};

CReport *g_Report;

#define CHECK(expr) g_Report->Check((expr) ? TRUE : FALSE, __LINE__, #expr)

//
// UTF-16 strings compared unit by unit (wcscmp of the compatibility layer is itself under test).
//
BOOL
SameW(
    _In_z_ PCWSTR A,
    _In_z_ PCWSTR B
    )
{
    SIZE_T i = 0;

    for (; A[i] != 0 && A[i] == B[i]; i++) {
    }
    return A[i] == B[i];
}

//
// ---- SAL annotations: every spelling on a parameter --------------------------------------------
//
_Must_inspect_result_
_Success_(return >= 0)
HRESULT
AnnotatedCopy(
    _In_reads_bytes_(Length) const VOID *Source,
    _Out_writes_bytes_(Length) PVOID Destination,
    _In_ SIZE_T Length,
    _Out_opt_ SIZE_T *Copied,
    _Inout_opt_ ULONG *Calls,
    __in_opt PCSTR Note,
    __out_opt SIZE_T *NoteLength,
    __inout ULONG *Flags,
    IN OPTIONAL PVOID Context,
    OUT PVOID *ContextOut
    )
{
    UNREFERENCED_PARAMETER(Note);

    CopyMemory(Destination, Source, Length);
    if (Copied != NULL) {
        *Copied = Length;
    }
    if (Calls != NULL) {
        (*Calls)++;
    }
    if (NoteLength != NULL) {
        *NoteLength = Note != NULL ? strlen(Note) : 0;
    }
    *Flags |= 1;
    *ContextOut = Context;
    return S_OK;
}

_IRQL_requires_max_(PASSIVE_LEVEL)
_Ret_range_(0, 10)
__drv_maxIRQL(PASSIVE_LEVEL)
ULONG
Annotated2(
    __in ULONG Value,
    __out PULONG Out,
    _Outptr_result_maybenull_ PVOID *Maybe,
    _In_range_(0, 10) ULONG Bounded
    )
{
    *Out = Value;
    *Maybe = NULL;
    return Bounded;
}

VOID
TestSal(
    VOID
    )
{
    BYTE source[4] = { 1, 2, 3, 4 };
    BYTE destination[4] = { 0 };
    SIZE_T copied = 0;
    SIZE_T noteLength = 0;
    ULONG calls = 0;
    ULONG flags = 0;
    PVOID context = NULL;
    ULONG out = 0;
    PVOID maybe = &out;
    int marker = 0;

    CHECK(SUCCEEDED(AnnotatedCopy(source, destination, sizeof(source), &copied, &calls, "note",
        &noteLength, &flags, &marker, &context)));
    CHECK(copied == 4 && calls == 1 && noteLength == 4 && flags == 1 && context == &marker);
    CHECK(destination[3] == 4);
    CHECK(SUCCEEDED(AnnotatedCopy(source, destination, 0, NULL, NULL, NULL, NULL, &flags, NULL,
        &context)));
    CHECK(Annotated2(7, &out, &maybe, 3) == 3 && out == 7 && maybe == NULL);
}

//
// ---- MSVC-isms ---------------------------------------------------------------------------------
//
class CBase
{
public:

    virtual ~CBase(
        VOID
        )
    {
    }

    virtual ULONG
    Level(
        VOID
        )
    {
        return 1;
    }
};

class CDerived : public CBase
{
public:

    ULONG
    Level(
        VOID
        ) override
    {
        return __super::Level() + 10;
    }
};

class CMostDerived : public CDerived
{
public:

    ULONG
    Level(
        VOID
        ) override
    {
        return __super::Level() + 100;
    }
};

struct KITCHEN_RECORD
{
    ULONG Tag;
    USHORT Small;
    LIST_ENTRY Link;
    ULONGLONG Value;
};

VOID
TestMsvcIsms(
    _In_ ULONG Unused
    )
{
    UNREFERENCED_PARAMETER(Unused);
    WCHAR wide[17];
    KITCHEN_RECORD records[3];
    CMostDerived most;
    CBase *base = &most;

    C_ASSERT(_countof(wide) == 17);
    C_ASSERT(ARRAYSIZE(records) == 3);
    C_ASSERT(RTL_NUMBER_OF(wide) == 17);
    C_ASSERT(RTL_FIELD_SIZE(KITCHEN_RECORD, Value) == 8);

    CHECK(base->Level() == 111);
    CHECK(most.CDerived::Level() == 11);

    CHECK(FIELD_OFFSET(KITCHEN_RECORD, Link) == offsetof(KITCHEN_RECORD, Link));
    CHECK(CONTAINING_RECORD(&records[1].Link, KITCHEN_RECORD, Link) == &records[1]);
    CHECK(CONTAINING_RECORD(&records[2].Value, KITCHEN_RECORD, Value) == &records[2]);
    CHECK(CONTAINING_RECORD(&records[0].Tag, KITCHEN_RECORD, Tag) == &records[0]);

    CHECK(sizeof(TEXT("ab")) == 3 * sizeof(WCHAR));
    CHECK(sizeof(_T("ab")) == 3 * sizeof(WCHAR));
    CHECK(L"\u00e9"[0] == 0xE9);
    CHECK(L"\U0001F600"[0] == 0xD83D && L"\U0001F600"[1] == 0xDE00);
}

//
// ---- GUIDs -------------------------------------------------------------------------------------
//
VOID
TestGuids(
    VOID
    )
{
    const GUID sameAsSink = { 0x8d0c5b3a, 0x6f1e, 0x4a27,
        { 0x9b, 0x84, 0x1c, 0x2d, 0x3e, 0x4f, 0x5a, 0x6b } };
    GUID other = sameAsSink;

    //
    // IID_IKitchenSink is only declared here: kitchencom.cpp (initguid.h) defines it.
    //
    CHECK(IsEqualGUID(IID_IKitchenSink, __uuidof(IKitchenSink)));
    CHECK(IsEqualIID(IID_IKitchenTap, __uuidof(IKitchenTap)));
    CHECK(InlineIsEqualGUID(IID_IKitchenSink, sameAsSink));
    CHECK(IID_IKitchenSink == sameAsSink);
    CHECK(!IsEqualGUID(IID_IKitchenSink, IID_IKitchenTap));
    CHECK(CLSID_KitchenSink.Data1 == 0xc0ffee00 && CLSID_KitchenSink.Data2 == 0x1234
        && CLSID_KitchenSink.Data3 == 0x4321 && CLSID_KitchenSink.Data4[0] == 0x87
        && CLSID_KitchenSink.Data4[7] == 0xab);
    CHECK(IsEqualCLSID(CLSID_KitchenSink, CLSID_KitchenSink));
    other.Data4[7] ^= 1;
    CHECK(!InlineIsEqualGUID(other, sameAsSink));
    CHECK(!IsEqualGUID(__uuidof(IUnknown), __uuidof(IClassFactory)));
}

//
// ---- COM: the factory, the object, CComPtr, CComQIPtr, IID_PPV_ARGS ----------------------------
//
VOID
TestCom(
    VOID
    )
{
    const LONG objectsBefore = CKitchenUnknown::s_ObjectCount;

    {
        CComPtr<IClassFactory> factory;
        CComPtr<IKitchenSink> sink;
        CComPtr<IKitchenTap> tap;
        IUnknown *unknown = NULL;
        IKitchenTap *rawTap = NULL;
        PVOID object = &object;
        LONG total = 0;
        WCHAR poured[32];
        HRESULT hr;

        hr = DllGetClassObject(CLSID_KitchenSink, __uuidof(IClassFactory), (PVOID *)&factory);
        CHECK(hr == S_OK && factory != NULL);
        if (factory == NULL) {
            return;
        }

        hr = DllGetClassObject(__uuidof(IUnknown), __uuidof(IClassFactory), &object);
        CHECK(hr == CLASS_E_CLASSNOTAVAILABLE && object == NULL);

        CHECK(SUCCEEDED(factory->LockServer(TRUE)));
        CHECK(CKitchenFactory::s_LockCount == 1);
        CHECK(SUCCEEDED(factory->LockServer(FALSE)));
        CHECK(CKitchenFactory::s_LockCount == 0);

        //
        // Aggregation is refused; an interface the object lacks is E_NOINTERFACE with NULL out.
        //
        object = &object;
        hr = factory->CreateInstance(factory, __uuidof(IKitchenSink), &object);
        CHECK(hr == CLASS_E_NOAGGREGATION && object == NULL);
        object = &object;
        hr = factory->CreateInstance(NULL, __uuidof(IClassFactory), &object);
        CHECK(hr == E_NOINTERFACE && object == NULL);

        hr = factory->CreateInstance(NULL, IID_PPV_ARGS(&sink));
        CHECK(hr == S_OK && sink != NULL);
        if (sink == NULL) {
            return;
        }
        CHECK(CKitchenUnknown::s_ObjectCount == objectsBefore + 2);

        CHECK(SUCCEEDED(sink->Stir(3, &total)) && total == 3);
        CHECK(SUCCEEDED(sink->Stir(4, &total)) && total == 7);
        CHECK(sink->Stir(-1, &total) == E_INVALIDARG);
        CHECK(sink->Depth() == 7);

        //
        // QueryInterface through IID_PPV_ARGS, on a raw pointer and on a CComPtr.
        //
        hr = sink->QueryInterface(IID_PPV_ARGS(&rawTap));
        CHECK(hr == S_OK && rawTap != NULL);
        if (rawTap != NULL) {
            CHECK(SUCCEEDED(rawTap->Pour(poured, _countof(poured))));
            CHECK(SameW(poured, L"poured 7"));
            CHECK(rawTap->Pour(poured, 4) == STRSAFE_E_INSUFFICIENT_BUFFER);
            CHECK(SameW(poured, L"pou"));
            rawTap->Release();
        }
        hr = sink.QueryInterface(&tap);
        CHECK(hr == S_OK && tap != NULL);

        //
        // COM identity: IUnknown from either interface is the same pointer.
        //
        hr = tap->QueryInterface(__uuidof(IUnknown), (PVOID *)&unknown);
        CHECK(hr == S_OK && unknown != NULL);
        if (unknown != NULL) {
            IUnknown *again = NULL;
            CHECK(SUCCEEDED(sink->QueryInterface(IID_PPV_ARGS(&again))) && again == unknown);
            if (again != NULL) {
                again->Release();
            }
            //
            // AddRef/Release return the new count: the object holds sink, tap and unknown.
            //
            CHECK(unknown->AddRef() == 4);
            CHECK(unknown->Release() == 3);
            unknown->Release();
        }

        //
        // CComQIPtr: from an IUnknown-derived pointer of another interface, and to a missing one.
        //
        {
            CComQIPtr<IKitchenTap> tap2(sink);
            CComQIPtr<IClassFactory> notAFactory(sink);
            CHECK(tap2 != NULL && tap2 == tap.p);
            CHECK(notAFactory == NULL && !notAFactory);
            CComQIPtr<IKitchenSink> sink2;
            sink2 = tap2;
            CHECK(sink2 == sink.p);
        }

        //
        // CComPtr: copy, Detach/Attach, CopyTo, Release, assignment of NULL.
        //
        {
            CComPtr<IKitchenSink> copy(sink);
            CComPtr<IKitchenSink> other;
            IKitchenSink *detached;
            IKitchenSink *copied = NULL;

            //
            // AddRef and Release through p: ATL's operator-> hides them, as here they would be
            // a second owner's.
            //
            CHECK(copy == sink.p);
            CHECK(copy.p->AddRef() == 4);
            copy.p->Release();
            detached = copy.Detach();
            CHECK(copy == NULL && detached == sink.p);
            other.Attach(detached);
            CHECK(other == sink.p);
            CHECK(SUCCEEDED(other.CopyTo(&copied)) && copied == sink.p);
            if (copied != NULL) {
                CHECK(copied->Release() == 3);
            }
            CHECK(other.CopyTo(NULL) == E_POINTER);
            other = NULL;
            CHECK(other == NULL);
            other = sink;
            other.Release();
            CHECK(other.p == NULL);
        }

        CHECK(sink.p->AddRef() == 3);
        CHECK(sink.p->Release() == 2);
    }

    CHECK(CKitchenUnknown::s_ObjectCount == objectsBefore);
}

//
// ---- ATLASSERT ---------------------------------------------------------------------------------
//
VOID
TestAtlAssert(
    VOID
    )
{
    int evaluated = 0;

    //
    // A true assertion reports nothing; the one false assertion below is reported through the
    // host's DebugBreak (the host-side test counts one such log line) and execution goes on.
    // Built with _DEBUG (CMakeLists.txt), ATLASSERT is a debug build's: it evaluates its expression.
    //
    ATLASSERT(++evaluated == 1);
    ATLASSERT(evaluated == 2 && "this ATLASSERT fails on purpose: the host test expects one");
    CHECK(evaluated == 1);
}

//
// ---- LIST_ENTRY ------------------------------------------------------------------------------
//
ULONG
ListTags(
    _In_ PLIST_ENTRY Head
    )
{
    ULONG tags = 0;

    for (PLIST_ENTRY entry = Head->Flink; entry != Head; entry = entry->Flink) {
        tags = tags * 10 + CONTAINING_RECORD(entry, KITCHEN_RECORD, Link)->Tag;
    }
    return tags;
}

ULONG
ListTagsBackwards(
    _In_ PLIST_ENTRY Head
    )
{
    ULONG tags = 0;

    for (PLIST_ENTRY entry = Head->Blink; entry != Head; entry = entry->Blink) {
        tags = tags * 10 + CONTAINING_RECORD(entry, KITCHEN_RECORD, Link)->Tag;
    }
    return tags;
}

VOID
TestLists(
    VOID
    )
{
    LIST_ENTRY head;
    KITCHEN_RECORD records[5];
    PLIST_ENTRY removed;

    for (ULONG i = 0; i < _countof(records); i++) {
        records[i].Tag = i + 1;
    }

    InitializeListHead(&head);
    CHECK(IsListEmpty(&head));
    CHECK(head.Flink == &head && head.Blink == &head);

    InsertTailList(&head, &records[1].Link); // 2
    InsertTailList(&head, &records[2].Link); // 2 3
    InsertHeadList(&head, &records[0].Link); // 1 2 3
    InsertTailList(&head, &records[3].Link); // 1 2 3 4
    CHECK(!IsListEmpty(&head));
    CHECK(ListTags(&head) == 1234);
    CHECK(ListTagsBackwards(&head) == 4321);

    CHECK(RemoveEntryList(&records[1].Link) == FALSE); // 1 3 4
    CHECK(ListTags(&head) == 134);
    removed = RemoveHeadList(&head); // 3 4
    CHECK(removed == &records[0].Link);
    removed = RemoveTailList(&head); // 3
    CHECK(removed == &records[3].Link);
    CHECK(ListTags(&head) == 3 && ListTagsBackwards(&head) == 3);

    //
    // RemoveEntryList returns TRUE when the list became empty.
    //
    CHECK(RemoveEntryList(&records[2].Link) == TRUE);
    CHECK(IsListEmpty(&head));

    InsertHeadList(&head, &records[4].Link);
    CHECK(RemoveHeadList(&head) == &records[4].Link && IsListEmpty(&head));
}

//
// ---- Interlocked* --------------------------------------------------------------------------------
//
struct COUNTER_CONTEXT
{
    LONG volatile Count;
    LONG64 volatile Count64;
    ULONG Rounds;
};

DWORD
WINAPI
CountingThread(
    _In_ LPVOID Parameter
    )
{
    COUNTER_CONTEXT *context = static_cast<COUNTER_CONTEXT *>(Parameter);

    for (ULONG i = 0; i < context->Rounds; i++) {
        InterlockedIncrement(&context->Count);
        InterlockedDecrement64(&context->Count64);
    }
    return 7;
}

VOID
TestInterlocked(
    VOID
    )
{
    LONG volatile value = 5;
    LONG64 volatile value64 = 1LL << 40;
    int a = 0;
    int b = 0;
    PVOID volatile pointer = &a;

    CHECK(InterlockedIncrement(&value) == 6);
    CHECK(InterlockedDecrement(&value) == 5);
    CHECK(InterlockedExchange(&value, 9) == 5 && value == 9);
    CHECK(InterlockedExchangeAdd(&value, 3) == 9 && value == 12);
    CHECK(InterlockedCompareExchange(&value, 20, 12) == 12 && value == 20);
    CHECK(InterlockedCompareExchange(&value, 30, 12) == 20 && value == 20);

    CHECK(InterlockedIncrement64(&value64) == (1LL << 40) + 1);
    CHECK(InterlockedDecrement64(&value64) == (1LL << 40));
    CHECK(InterlockedExchange64(&value64, -1) == (1LL << 40) && value64 == -1);
    CHECK(InterlockedCompareExchange64(&value64, 2, -1) == -1 && value64 == 2);
    CHECK(InterlockedCompareExchange64(&value64, 3, -1) == 2 && value64 == 2);

    CHECK(InterlockedExchangePointer(&pointer, &b) == &a && pointer == &b);
    CHECK(InterlockedCompareExchangePointer(&pointer, &a, &b) == &b && pointer == &a);
    CHECK(InterlockedCompareExchangePointer(&pointer, NULL, &b) == &a && pointer == &a);


}

VOID
TestInterlockedFromThreads(
    VOID
    )
{
    COUNTER_CONTEXT context = { 0, 0, 20000 };
    HANDLE threads[4];

    //
    // From several threads at once.
    //
    for (ULONG i = 0; i < _countof(threads); i++) {
        threads[i] = CreateThread(NULL, 0, CountingThread, &context, 0, NULL);
        CHECK(threads[i] != NULL);
    }
    for (ULONG i = 0; i < _countof(threads); i++) {
        if (threads[i] != NULL) {
            CHECK(WaitForSingleObject(threads[i], 30000) == WAIT_OBJECT_0);
            CHECK(CloseHandle(threads[i]));
        }
    }
    CHECK(context.Count == 4 * 20000);
    CHECK(context.Count64 == -4 * 20000);
}

//
// ---- critical sections ---------------------------------------------------------------------------
//
struct LOCK_CONTEXT
{
    CRITICAL_SECTION *Lock;
    BOOL Entered;
    HANDLE Done;
};

DWORD
WINAPI
TryLockThread(
    _In_ LPVOID Parameter
    )
{
    LOCK_CONTEXT *context = static_cast<LOCK_CONTEXT *>(Parameter);

    context->Entered = TryEnterCriticalSection(context->Lock);
    if (context->Entered) {
        LeaveCriticalSection(context->Lock);
    }
    SetEvent(context->Done);
    return 0;
}

BOOL
TryLockFromAnotherThread(
    _In_ CRITICAL_SECTION *Lock
    )
{
    LOCK_CONTEXT context = { Lock, FALSE, CreateEvent(NULL, TRUE, FALSE, NULL) };
    HANDLE thread = CreateThread(NULL, 0, TryLockThread, &context, 0, NULL);
    DWORD wait;

    wait = WaitForSingleObject(context.Done, 30000);
    CHECK(wait == WAIT_OBJECT_0);
    if (thread != NULL) {
        CHECK(WaitForSingleObject(thread, 30000) == WAIT_OBJECT_0);
        CloseHandle(thread);
    }
    CloseHandle(context.Done);
    return context.Entered;
}

VOID
TestCriticalSections(
    VOID
    )
{
    CRITICAL_SECTION lock;
    CRITICAL_SECTION spinning;
    CComAutoCriticalSection atlLock;

    InitializeCriticalSection(&lock);
    EnterCriticalSection(&lock);
    //
    // Recursive, as Windows' are: the owner enters again; another thread cannot.
    //
    CHECK(TryEnterCriticalSection(&lock) == TRUE);
    CHECK(TryLockFromAnotherThread(&lock) == FALSE);
    LeaveCriticalSection(&lock);
    CHECK(TryLockFromAnotherThread(&lock) == FALSE);
    LeaveCriticalSection(&lock);
    CHECK(TryLockFromAnotherThread(&lock) == TRUE);
    DeleteCriticalSection(&lock);

    CHECK(InitializeCriticalSectionAndSpinCount(&spinning, 4000) == TRUE);
    EnterCriticalSection(&spinning);
    LeaveCriticalSection(&spinning);
    DeleteCriticalSection(&spinning);

    {
        CComCritSecLock<CComAutoCriticalSection> guard(atlLock);
        CHECK(TryLockFromAnotherThread(&atlLock.m_sec) == FALSE);
        guard.Unlock();
        CHECK(TryLockFromAnotherThread(&atlLock.m_sec) == TRUE);
        guard.Lock();
    }
    CHECK(TryLockFromAnotherThread(&atlLock.m_sec) == TRUE);
}

//
// ---- events, threads, handles ------------------------------------------------------------------
//
struct EVENT_CONTEXT
{
    HANDLE Go;
    HANDLE Done;
    LONG Seen;
};

DWORD
WINAPI
EventThread(
    _In_ LPVOID Parameter
    )
{
    EVENT_CONTEXT *context = static_cast<EVENT_CONTEXT *>(Parameter);

    if (WaitForSingleObject(context->Go, 30000) != WAIT_OBJECT_0) {
        return 1;
    }
    InterlockedExchange(&context->Seen, 1);
    SetEvent(context->Done);
    return 42;
}

VOID
TestEventsAndThreads(
    VOID
    )
{
    HANDLE manual = CreateEvent(NULL, TRUE, FALSE, NULL);
    HANDLE automatic = CreateEventW(NULL, FALSE, TRUE, L"KitchenSinkEvent");
    HANDLE narrowNamed = CreateEventA(NULL, FALSE, FALSE, "KitchenSinkEventA");
    EVENT_CONTEXT context = { CreateEvent(NULL, FALSE, FALSE, NULL),
        CreateEvent(NULL, TRUE, FALSE, NULL), 0 };
    HANDLE thread;
    DWORD threadId = 0;
    DWORD exitCode = 0;

    CHECK(manual != NULL && automatic != NULL && narrowNamed != NULL);

    //
    // A manual-reset event stays signaled until reset.
    //
    CHECK(WaitForSingleObject(manual, 0) == WAIT_TIMEOUT);
    CHECK(SetEvent(manual));
    CHECK(WaitForSingleObject(manual, 0) == WAIT_OBJECT_0);
    CHECK(WaitForSingleObject(manual, INFINITE) == WAIT_OBJECT_0);
    CHECK(ResetEvent(manual));
    CHECK(WaitForSingleObject(manual, 1) == WAIT_TIMEOUT);

    //
    // An auto-reset event (created signaled) releases one wait.
    //
    CHECK(WaitForSingleObject(automatic, 0) == WAIT_OBJECT_0);
    CHECK(WaitForSingleObject(automatic, 0) == WAIT_TIMEOUT);
    CHECK(SetEvent(automatic));
    CHECK(WaitForSingleObject(automatic, 0) == WAIT_OBJECT_0);
    CHECK(WaitForSingleObject(automatic, 0) == WAIT_TIMEOUT);

    //
    // A thread that waits for one event and sets another; its exit code.
    //
    thread = CreateThread(NULL, 0, EventThread, &context, 0, &threadId);
    CHECK(thread != NULL);
    if (thread != NULL) {
        CHECK(GetExitCodeThread(thread, &exitCode) && (exitCode == 259 || exitCode == 42));
        CHECK(WaitForSingleObject(context.Done, 0) == WAIT_TIMEOUT);
        CHECK(SetEvent(context.Go));
        CHECK(WaitForSingleObject(context.Done, 30000) == WAIT_OBJECT_0);
        CHECK(context.Seen == 1);
        CHECK(WaitForSingleObject(thread, 30000) == WAIT_OBJECT_0);
        CHECK(GetExitCodeThread(thread, &exitCode) && exitCode == 42);
        CHECK(CloseHandle(thread));
    }

    //
    // Bad handles.
    //
    SetLastError(ERROR_SUCCESS);
    CHECK(CloseHandle(NULL) == FALSE && GetLastError() == ERROR_INVALID_HANDLE);
    SetLastError(ERROR_SUCCESS);
    CHECK(WaitForSingleObject(INVALID_HANDLE_VALUE, 0) == WAIT_FAILED
        && GetLastError() == ERROR_INVALID_HANDLE);
    CHECK(SetEvent(NULL) == FALSE);

    CHECK(CloseHandle(manual) && CloseHandle(automatic) && CloseHandle(narrowNamed));
    CHECK(CloseHandle(context.Go) && CloseHandle(context.Done));

    //
    // Last error is per thread.
    //
    SetLastError(ERROR_NOT_FOUND);
    CHECK(GetLastError() == ERROR_NOT_FOUND);
}

//
// ---- more kernel objects: semaphores, mutexes, waits for several, ExitThread, SRW locks and
// condition variables ------------------------------------------------------------------------------
//
struct QUEUE_CONTEXT
{
    SRWLOCK Lock;
    CONDITION_VARIABLE Ready;
    LONG Items;
    LONG Taken;
};

DWORD
WINAPI
ConsumerThread(
    _In_ LPVOID Parameter
    )
{
    QUEUE_CONTEXT *context = static_cast<QUEUE_CONTEXT *>(Parameter);

    AcquireSRWLockExclusive(&context->Lock);
    while (context->Taken < 3) {
        while (context->Items == 0) {
            if (!SleepConditionVariableSRW(&context->Ready, &context->Lock, 30000, 0)) {
                ReleaseSRWLockExclusive(&context->Lock);
                return 1;
            }
        }
        context->Items--;
        context->Taken++;
    }
    ReleaseSRWLockExclusive(&context->Lock);
    return 0;
}

DWORD
WINAPI
ExitingThread(
    _In_ LPVOID Parameter
    )
{
    InterlockedIncrement(static_cast<LONG *>(Parameter));
    ExitThread(17);
}

unsigned
BeginThreadexRoutine(
    _In_ void *Parameter
    )
{
    InterlockedIncrement(static_cast<LONG *>(Parameter));
    return 5;
}

VOID
TestKernelObjects(
    VOID
    )
{
    //
    // A semaphore counts; releasing past its maximum fails.
    //
    HANDLE semaphore = CreateSemaphore(NULL, 1, 2, NULL);
    LONG previous = -1;
    CHECK(semaphore != NULL);
    CHECK(WaitForSingleObject(semaphore, 0) == WAIT_OBJECT_0);
    CHECK(WaitForSingleObject(semaphore, 0) == WAIT_TIMEOUT);
    CHECK(ReleaseSemaphore(semaphore, 2, &previous) && previous == 0);
    CHECK(ReleaseSemaphore(semaphore, 1, NULL) == FALSE && GetLastError() == ERROR_TOO_MANY_POSTS);

    //
    // A mutex is recursive for its owner, and only the owner releases it.
    //
    HANDLE mutex = CreateMutex(NULL, TRUE, NULL);
    CHECK(mutex != NULL);
    CHECK(WaitForSingleObject(mutex, 0) == WAIT_OBJECT_0);
    CHECK(ReleaseMutex(mutex) && ReleaseMutex(mutex));
    CHECK(ReleaseMutex(mutex) == FALSE && GetLastError() == ERROR_NOT_OWNER);

    //
    // Waits for several: any gives the index of the first signaled, all needs every one.
    //
    HANDLE events[2] = { CreateEvent(NULL, TRUE, FALSE, NULL), CreateEvent(NULL, TRUE, TRUE, NULL) };
    CHECK(WaitForMultipleObjects(2, events, FALSE, 0) == WAIT_OBJECT_0 + 1);
    CHECK(WaitForMultipleObjects(2, events, TRUE, 0) == WAIT_TIMEOUT);
    CHECK(SetEvent(events[0]));
    CHECK(WaitForMultipleObjects(2, events, TRUE, 0) == WAIT_OBJECT_0);
    CHECK(CloseHandle(events[0]) && CloseHandle(events[1]));

    //
    // ExitThread ends the thread with its code; _beginthreadex makes the same kind of thread.
    //
    LONG ran = 0;
    DWORD code = 0;
    HANDLE exiting = CreateThread(NULL, 0, ExitingThread, &ran, CREATE_SUSPENDED, NULL);
    CHECK(exiting != NULL);
    CHECK(GetExitCodeThread(exiting, &code) && code == STILL_ACTIVE);
    CHECK(WaitForSingleObject(exiting, 50) == WAIT_TIMEOUT && ran == 0); // still suspended
    CHECK(ResumeThread(exiting) == 1);
    CHECK(WaitForSingleObject(exiting, INFINITE) == WAIT_OBJECT_0 && ran == 1);
    CHECK(GetExitCodeThread(exiting, &code) && code == 17);
    CHECK(CloseHandle(exiting));
    unsigned id = 0;
    HANDLE crt = reinterpret_cast<HANDLE>(_beginthreadex(NULL, 0, BeginThreadexRoutine, &ran, 0, &id));
    CHECK(crt != NULL && id != 0 && id != GetCurrentThreadId());
    CHECK(WaitForSingleObject(crt, INFINITE) == WAIT_OBJECT_0 && ran == 2);
    CHECK(GetExitCodeThread(crt, &code) && code == 5);
    CHECK(CloseHandle(crt));

    //
    // A consumer waits on a condition variable under an SRW lock; the producer wakes it.
    //
    QUEUE_CONTEXT queue = { SRWLOCK_INIT, CONDITION_VARIABLE_INIT, 0, 0 };
    HANDLE consumer = CreateThread(NULL, 0, ConsumerThread, &queue, 0, NULL);
    CHECK(consumer != NULL);
    for (int i = 0; i < 3; i++) {
        Sleep(10);
        AcquireSRWLockExclusive(&queue.Lock);
        queue.Items++;
        ReleaseSRWLockExclusive(&queue.Lock);
        WakeConditionVariable(&queue.Ready);
    }
    CHECK(WaitForSingleObject(consumer, INFINITE) == WAIT_OBJECT_0);
    CHECK(GetExitCodeThread(consumer, &code) && code == 0 && queue.Taken == 3);
    CHECK(CloseHandle(consumer));
    CHECK(CloseHandle(semaphore) && CloseHandle(mutex));
}

//
// ---- what the simulated host serves, outside a host --------------------------------------------
//
DWORD
WINAPI
NeverRuns(
    _In_ LPVOID Parameter
    )
{
    InterlockedIncrement(static_cast<LONG *>(Parameter));
    return 0;
}

VOID
CALLBACK
NeverFires(
    _In_ PVOID Parameter,
    _In_ BOOLEAN TimerOrWaitFired
    )
{
    UNREFERENCED_PARAMETER(TimerOrWaitFired);
    InterlockedIncrement(static_cast<LONG *>(Parameter));
}

VOID
TestHostServices(
    VOID
    )
{
    LONG ran = 0;
    HANDLE timer = NULL;

    Sleep(0);
    Sleep(1);
    //
    // Outside a simulated host they fail as kernel32 does: FALSE and the thread's last error.
    //
    SetLastError(ERROR_SUCCESS);
    CHECK(QueueUserWorkItem(NeverRuns, &ran, WT_EXECUTEDEFAULT) == FALSE);
    CHECK(GetLastError() == ERROR_INVALID_FUNCTION);
    SetLastError(ERROR_SUCCESS);
    CHECK(CreateTimerQueueTimer(&timer, NULL, NeverFires, &ran, 10, 0, WT_EXECUTEONLYONCE)
        == FALSE);
    CHECK(GetLastError() == ERROR_INVALID_FUNCTION);
    SetLastError(ERROR_SUCCESS);
    CHECK(DeleteTimerQueueTimer(NULL, timer, NULL) == FALSE);
    CHECK(GetLastError() == ERROR_INVALID_FUNCTION);
    CHECK(ran == 0);
    CHECK(GetTickCount64() == 0 && GetTickCount() == 0);

    OutputDebugStringW(L"kitchen sink: OutputDebugStringW caf\u00e9\n");
    OutputDebugStringA("kitchen sink: OutputDebugStringA");
    OutputDebugString(TEXT("kitchen sink: OutputDebugString"));
}

//
// ---- strsafe -------------------------------------------------------------------------------------
//
HRESULT
FormatV(
    _Out_writes_(Count) PWSTR Buffer,
    _In_ SIZE_T Count,
    _In_z_ _Printf_format_string_ PCWSTR Format,
    ...
    )
{
    va_list args;
    HRESULT hr;

    va_start(args, Format);
    hr = StringCchVPrintfW(Buffer, Count, Format, args);
    va_end(args);
    return hr;
}

VOID
TestStrsafe(
    VOID
    )
{
    WCHAR buffer[64];
    WCHAR small[4];
    CHAR narrow[32];
    WCHAR big[2100];
    WCHAR longText[1501];
    SIZE_T length = 99;

    CHECK(StringCchCopyW(buffer, _countof(buffer), L"hello") == S_OK);
    CHECK(SameW(buffer, L"hello"));
    CHECK(StringCchCopy(small, _countof(small), L"hello") == STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK(SameW(small, L"hel"));
    CHECK(StringCchCopyW(small, 0, L"x") == STRSAFE_E_INVALID_PARAMETER);
    CHECK(StringCchCopyNW(buffer, _countof(buffer), L"hello", 2) == S_OK && SameW(buffer, L"he"));

    CHECK(StringCchCatW(buffer, _countof(buffer), L"llo") == S_OK && SameW(buffer, L"hello"));
    CHECK(StringCchCopyW(small, _countof(small), L"ab") == S_OK);
    CHECK(StringCchCat(small, _countof(small), L"cd") == STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK(SameW(small, L"abc"));

    CHECK(StringCchLengthW(L"hello", STRSAFE_MAX_CCH, &length) == S_OK && length == 5);
    CHECK(StringCchLength(L"", 1, &length) == S_OK && length == 0);
    CHECK(StringCchLengthW(L"hello", 5, &length) == STRSAFE_E_INVALID_PARAMETER && length == 0);
    CHECK(StringCchLengthW(NULL, 5, &length) == STRSAFE_E_INVALID_PARAMETER);
    CHECK(StringCbLengthW(L"hello", sizeof(buffer), &length) == S_OK
        && length == 5 * sizeof(WCHAR));

    CHECK(StringCbCopy(buffer, sizeof(buffer), L"bytes") == S_OK && SameW(buffer, L"bytes"));
    CHECK(StringCbCopyW(buffer, 3 * sizeof(WCHAR), L"bytes") == STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK(SameW(buffer, L"by"));
    CHECK(StringCbCatW(buffer, sizeof(buffer), L"te") == S_OK && SameW(buffer, L"byte"));

    //
    // Printf: %s is wide in a wide format, %S narrow; sizes as on Windows.
    //
    CHECK(StringCchPrintfW(buffer, _countof(buffer), L"%s=%d", L"count", 42) == S_OK);
    CHECK(SameW(buffer, L"count=42"));
    CHECK(StringCchPrintfW(buffer, _countof(buffer), L"%S/%ls/%hs", "narrow", L"wide", "h")
        == S_OK);
    CHECK(SameW(buffer, L"narrow/wide/h"));
    CHECK(StringCchPrintf(buffer, _countof(buffer), L"%ld %lu %lx %I64u %Iu", (LONG)-5,
        (ULONG)0xFFFFFFFF, (DWORD)0xBEEF, (ULONGLONG)1 << 40, (SIZE_T)3) == S_OK);
    CHECK(SameW(buffer, L"-5 4294967295 beef 1099511627776 3"));
    CHECK(StringCchPrintfW(buffer, _countof(buffer), L"%08X|%-4d|%4s|%c", 0xABCu, 7, L"ab",
        L'\u00e9') == S_OK);
    CHECK(SameW(buffer, L"00000ABC|7   |  ab|\u00e9"));
    CHECK(StringCchPrintfW(buffer, _countof(buffer), L"caf\u00e9 %s", L"\U0001F600") == S_OK);
    CHECK(SameW(buffer, L"caf\u00e9 \U0001F600"));
    CHECK(StringCbPrintfW(buffer, sizeof(buffer), L"%d%%", 100) == S_OK && SameW(buffer, L"100%"));
    CHECK(FormatV(buffer, _countof(buffer), L"%s-%d", L"v", 1) == S_OK && SameW(buffer, L"v-1"));

    //
    // Truncation: STRSAFE_E_INSUFFICIENT_BUFFER, the result cut and NUL-terminated.
    //
    CHECK(StringCchPrintfW(buffer, 5, L"%s=%d", L"count", 42) == STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK(SameW(buffer, L"coun"));
    CHECK(StringCchPrintfW(small, _countof(small), L"%s", L"\U0001F600\U0001F600")
        == STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK(small[0] == 0xD83D && small[1] == 0xDE00 && small[2] == 0);
    CHECK(StringCchPrintfW(buffer, 0, L"x") == STRSAFE_E_INVALID_PARAMETER);
    CHECK(StringCchPrintfW(buffer, _countof(buffer), L"%n", &length) == STRSAFE_E_INVALID_PARAMETER);
    CHECK(buffer[0] == 0);

    //
    // Longer than the formatter's first buffer (1024 bytes).
    //
    for (SIZE_T i = 0; i < _countof(longText) - 1; i++) {
        longText[i] = L'a' + (i % 26);
    }
    longText[_countof(longText) - 1] = 0;
    CHECK(StringCchPrintfW(big, _countof(big), L"[%s]", longText) == S_OK);
    CHECK(big[0] == L'[' && big[1] == L'a' && big[1500] == longText[1499] && big[1501] == L']'
        && big[1502] == 0);

    //
    // The narrow forms: %s is narrow, %S wide.
    //
    CHECK(StringCchCopyA(narrow, _countof(narrow), "abc") == S_OK && strcmp(narrow, "abc") == 0);
    CHECK(StringCchCatA(narrow, _countof(narrow), "def") == S_OK && strcmp(narrow, "abcdef") == 0);
    CHECK(StringCchLengthA(narrow, _countof(narrow), &length) == S_OK && length == 6);
    CHECK(StringCchPrintfA(narrow, _countof(narrow), "%s %S %d", "n", L"w", -3) == S_OK);
    CHECK(strcmp(narrow, "n w -3") == 0);
    CHECK(StringCchPrintfA(narrow, 4, "%s", "abcdef") == STRSAFE_E_INSUFFICIENT_BUFFER);
    CHECK(strcmp(narrow, "abc") == 0);
}

//
// ---- the C library's wide strings (16-bit wchar_t) ---------------------------------------------
//
VOID
TestWideStrings(
    VOID
    )
{
    WCHAR buffer[16];

    CHECK(wcslen(L"hello") == 5);
    CHECK(wcslen(L"") == 0);
    CHECK(wcscmp(L"abc", L"abc") == 0 && wcscmp(L"abc", L"abd") < 0);
    CHECK(wcscmp(L"\u00e9", L"e") > 0);
    CHECK(_wcsnicmp(L"Port1", L"PORT1", 16) == 0);
    CHECK(_wcsnicmp(L"PortA", L"portB", 4) == 0 && _wcsnicmp(L"PortA", L"portB", 5) < 0);
    CHECK(wcsicmp(L"Port1", L"pORT1") == 0);
    CHECK(wcscpy_s(buffer, L"copy") == 0 && wcslen(buffer) == 4);
    CHECK(wcscpy_s(buffer, _countof(buffer), L"0123456789abcdefXYZ") != 0 && buffer[0] == 0);
    CHECK(wcschr(L"a:b", L':') != NULL && wcsstr(L"needle in", L"in") != NULL);
    CHECK(_wtoi(L"123") == 123);

    //
    // The wide printf family: 16-bit strings, Microsoft's %s/%S, each function's return rules.
    //
    WCHAR small[6];
    CHECK(swprintf_s(buffer, _countof(buffer), L"%s=%d", L"n", 42) == 4 && SameW(buffer, L"n=42"));
    CHECK(swprintf_s(buffer, L"%S|%ls", "a", L"b") == 3 && SameW(buffer, L"a|b"));
    CHECK(swprintf_s(small, _countof(small), L"%s", L"toolong") == -1 && small[0] == 0);
    CHECK(_snwprintf(small, _countof(small), L"%d", 12345) == 5 && SameW(small, L"12345"));
    small[5] = L'#';
    CHECK(_snwprintf(small, 5, L"%d", 12345) == 5 && small[4] == L'5' && small[5] == L'#');
    CHECK(_snwprintf(small, 3, L"%d", 12345) == -1 && small[2] == L'3');
    CHECK(_snwprintf_s(small, _countof(small), _TRUNCATE, L"%s", L"abcdefgh") == -1
        && SameW(small, L"abcde"));
    CHECK(_snwprintf_s(small, _countof(small), 2, L"%s", L"abcdefgh") == -1 && small[0] == 0);
    CHECK(_snwprintf_s(small, _countof(small), 4, L"%s", L"abc") == 3 && SameW(small, L"abc"));
    CHECK(_snwprintf_s(small, _TRUNCATE, L"%u", 7u) == 1 && SameW(small, L"7"));
    CHECK(swprintf(buffer, _countof(buffer), L"%04X", 0xBEEFu) == 4 && SameW(buffer, L"BEEF"));
    CHECK(swprintf(small, _countof(small), L"%s", L"abcdefgh") == -1 && SameW(small, L"abcde"));
    // A character outside the BMP is two units, and is never split.
    CHECK(swprintf_s(buffer, L"%s", L"\U0001F600") == 2 && buffer[0] == 0xD83D
        && buffer[1] == 0xDE00);
    CHECK(swprintf(small, 3, L"a%s", L"\U0001F600") == -1 && SameW(small, L"a"));
}

//
// The narrow extensions: the secure copies, _stricmp, and printf with Microsoft's %S and %I64d.
//
VOID
TestNarrowStrings(
    VOID
    )
{
    CHAR buffer[16];
    CHAR small[6];
    BYTE bytes[4] = { 1, 2, 3, 4 };
    BYTE into[4] = { 9, 9, 9, 9 };

    CHECK(_stricmp("Port1", "pORT1") == 0 && _stricmp("a", "B") < 0);
    CHECK(_strnicmp("PortA", "portB", 4) == 0 && _strnicmp("PortA", "portB", 5) < 0);
    CHECK(strcpy_s(buffer, "copy") == 0 && strcmp(buffer, "copy") == 0);
    CHECK(strcpy_s(small, _countof(small), "too long") == ERANGE && small[0] == 0);
    CHECK(strcpy_s(small, "abc") == 0 && strcat_s(small, "de") == 0 && strcmp(small, "abcde") == 0);
    CHECK(strcat_s(small, "f") == ERANGE && small[0] == 0);
    CHECK(strncpy_s(small, "abcdefgh", 3) == 0 && strcmp(small, "abc") == 0);
    CHECK(strncpy_s(small, _countof(small), "abcdefgh", _TRUNCATE) == STRUNCATE
        && strcmp(small, "abcde") == 0);

    CHECK(sprintf_s(buffer, "%s=%I64d", "n", (LONGLONG)-5000000000LL) == 13
        && strcmp(buffer, "n=-5000000000") == 0);
    CHECK(sprintf_s(buffer, _countof(buffer), "%S|%hs", L"wide", "narrow") == 11
        && strcmp(buffer, "wide|narrow") == 0);
    CHECK(sprintf_s(small, "%s", "toolong") == -1 && small[0] == 0);
    small[5] = '#';
    CHECK(_snprintf(small, 5, "%d", 12345) == 5 && small[4] == '5' && small[5] == '#');
    CHECK(_snprintf(small, 3, "%d", 12345) == -1 && small[2] == '3');
    CHECK(_snprintf(small, _countof(small), "%x", 0xABu) == 2 && strcmp(small, "ab") == 0);
    CHECK(_snprintf_s(small, _countof(small), _TRUNCATE, "%s", "abcdefgh") == -1
        && strcmp(small, "abcde") == 0);
    CHECK(_snprintf_s(small, _countof(small), 2, "%s", "abcdefgh") == -1 && small[0] == 0);
    CHECK(_snprintf_s(small, _TRUNCATE, "%u", 7u) == 1 && strcmp(small, "7") == 0);

    CHECK(memcpy_s(into, sizeof(into), bytes, sizeof(bytes)) == 0 && into[3] == 4);
    CHECK(memcpy_s(into, 2, bytes, sizeof(bytes)) == ERANGE && into[0] == 0 && into[1] == 0
        && into[3] == 4);
    CHECK(memmove_s(bytes + 1, 3, bytes, 3) == 0 && bytes[1] == 1 && bytes[3] == 3);
    CHECK(memmove_s(into, 2, bytes, 4) == ERANGE && into[0] == 0);
}

//
// ---- memory ----------------------------------------------------------------------------------
//
VOID
TestMemory(
    VOID
    )
{
    BYTE bytes[8];
    BYTE copy[8];
    ULONG i;

    FillMemory(bytes, sizeof(bytes), 0xAB);
    CHECK(bytes[0] == 0xAB && bytes[7] == 0xAB);
    ZeroMemory(bytes, sizeof(bytes));
    for (i = 0; i < sizeof(bytes) && bytes[i] == 0; i++) {
    }
    CHECK(i == sizeof(bytes));
    for (i = 0; i < sizeof(bytes); i++) {
        bytes[i] = static_cast<BYTE>(i);
    }
    CopyMemory(copy, bytes, sizeof(bytes));
    CHECK(copy[0] == 0 && copy[7] == 7);
    MoveMemory(bytes + 1, bytes, 4);
    CHECK(bytes[1] == 0 && bytes[4] == 3 && bytes[5] == 5);
    RtlZeroMemory(copy, 4);
    CHECK(copy[3] == 0 && copy[4] == 4);
    RtlCopyMemory(copy, bytes + 2, 2);
    CHECK(copy[0] == 1 && copy[1] == 2);
    SecureZeroMemory(copy, sizeof(copy));
    CHECK(copy[7] == 0);

    PVOID block = CoTaskMemAlloc(16);
    CHECK(block != NULL);
    CoTaskMemFree(block);
}

} // namespace

//
// The threads and kernel objects, which the host serves: run by the test inside a host.
//
STDAPI_(int)
umdfx_kitchensink_threads_selftest(
    _Out_writes_z_(Size) char *Report,
    _In_ size_t Size
    )
{
    CReport report;
    int failures;

    if (Report == NULL || Size == 0) {
        return -1;
    }
    g_Report = &report;
    TestInterlockedFromThreads();
    TestCriticalSections();
    TestEventsAndThreads();
    TestKernelObjects();
    failures = report.Write(Report, Size);
    g_Report = NULL;
    return failures;
}

//
// The self-test, exported (STDAPI_ makes it visible in the plugin). Returns the number of failed
// checks; Report gets "ok (N checks)" or one line per failure.
//
STDAPI_(int)
umdfx_kitchensink_selftest(
    _Out_writes_z_(Size) char *Report,
    _In_ size_t Size
    )
{
    CReport report;
    int failures;

    if (Report == NULL || Size == 0) {
        return -1;
    }

    g_Report = &report;

    Trace(TRACE_LEVEL_INFORMATION, "%!FUNC!: starting");

    TestSal();
    TestMsvcIsms(0);
    TestGuids();
    TestCom();
    TestAtlAssert();
    TestLists();
    TestInterlocked();
    TestHostServices();
    TestStrsafe();
    TestWideStrings();
    TestNarrowStrings();
    TestMemory();

    failures = report.Write(Report, Size);
    g_Report = NULL;

    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_COM, "%!FUNC!: %d failed", failures);

    return failures;
}
