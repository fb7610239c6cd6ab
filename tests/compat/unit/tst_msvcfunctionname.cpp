// msvcFunctionName (core/host/msvcfunctionname.h): what WPP's %!FUNC! shows for a driver built by
// clang — the name MSVC's __FUNCTION__ gives — from __PRETTY_FUNCTION__. The inputs are spellings
// clang 14 produced for the function in the row's name (-std=c++17 -fms-extensions), and a few
// variations of them (other template arguments, qualified names).
#include "core/host/msvcfunctionname.h"

#include <QtTest/QtTest>

class tst_MsvcFunctionName : public QObject
{
    Q_OBJECT
private slots:
    void name_data();
    void name();
};

void tst_MsvcFunctionName::name_data()
{
    QTest::addColumn<QByteArray>("pretty");
    QTest::addColumn<QByteArray>("expected");
    const auto row = [](const char *tag, const char *pretty, const char *expected) {
        QTest::addRow("%s", tag) << QByteArray(pretty) << QByteArray(expected);
    };

    // Driver code as the samples write it.
    row("virtual method", "virtual long C::Run(int, const char *)", "C::Run");
    row("virtual method, typedef'd types", "virtual HRESULT C::OnPrepareHardware(IWDFDevice *)",
        "C::OnPrepareHardware");
    row("static method", "static HRESULT CMyDevice::CreateInstance(IWDFDevice *, CMyDevice **)",
        "CMyDevice::CreateInstance");
    row("STDMETHOD_(ULONG, AddRef)", "ULONG CMyDevice::AddRef()", "CMyDevice::AddRef");
    row("constructor", "C::C()", "C::C");
    row("destructor", "C::~C()", "C::~C");
    row("virtual destructor in an anonymous namespace", "virtual (anonymous namespace)::A::~A()",
        "`anonymous-namespace'::A::~A");
    row("free function", "long DllMain(void *, unsigned long, void *)", "DllMain");
    row("main", "int main()", "main");
    row("const member", "int C::get() const", "C::get");
    row("returns a pointer", "static const char *C::name()", "C::name");
    row("returns a template", "std::vector<int> C::list()", "C::list");
    row("returns a template by reference", "const std::map<int, long> &ret()", "ret");
    row("returns a function pointer", "int (*N::h(int))(int)", "N::h");
    row("takes a function pointer", "void fp(void (*)(int))", "fp");
    row("takes an array reference", "void arr(int (&)[3])", "arr");
    row("namespace member in an anonymous namespace", "void N::(anonymous namespace)::anon()",
        "N::`anonymous-namespace'::anon");
    row("top-level anonymous namespace", "void (anonymous namespace)::anon()",
        "`anonymous-namespace'::anon");

    // Templates: arguments kept, commas and blanks included; clang's "[T = ...]" dropped.
    row("static member of a class template", "static void S<int>::g() [T = int]", "S<int>::g");
    row("nested template arguments",
        "static void S<std::map<int, long>>::g() [T = std::map<int, long>]",
        "S<std::map<int, long>>::g");
    row("two template parameters", "void M<int, long>::f() [K = int, V = long]", "M<int, long>::f");
    row("std::map member", "void std::map<int, long>::f()", "std::map<int, long>::f");
    row("member template", "void S<int>::h(U) [T = int, U = double]", "S<int>::h");
    row("function template", "void tf(T) [T = int]", "tf");
    row("function template of a template", "void tf(T) [T = std::map<int, long>]", "tf");

    // Operators keep their symbol.
    row("operator() of a template", "void S<int>::operator()(int) [T = int]", "S<int>::operator()");
    row("operator() without parameters", "void C::operator()()", "C::operator()");
    row("operator() const", "bool std::less<C>::operator()(const C &, const C &) const",
        "std::less<C>::operator()");
    row("operator<", "bool C::operator<(const C &) const", "C::operator<");
    row("operator<=", "bool C::operator<=(const C &) const", "C::operator<=");
    row("operator>", "bool C::operator>(const C &) const", "C::operator>");
    row("operator>=", "bool C::operator>=(const C &) const", "C::operator>=");
    row("operator==", "bool C::operator==(const C &) const", "C::operator==");
    row("operator!", "bool C::operator!() const", "C::operator!");
    row("operator=", "C &C::operator=(const C &)", "C::operator=");
    row("operator<<", "C &C::operator<<(int)", "C::operator<<");
    row("operator>>", "C &C::operator>>(int)", "C::operator>>");
    row("operator<<=", "C &C::operator<<=(int)", "C::operator<<=");
    row("operator>>=", "C &C::operator>>=(int)", "C::operator>>=");
    row("prefix operator++", "C &C::operator++()", "C::operator++");
    row("postfix operator++", "C C::operator++(int)", "C::operator++");
    row("operator->", "C *C::operator->()", "C::operator->");
    row("operator->*", "int C::operator->*(int)", "C::operator->*");
    row("operator[]", "int C::operator[](int)", "C::operator[]");
    row("operator new", "static void *C::operator new(size_t)", "C::operator new");
    row("operator new[]", "static void *C::operator new[](size_t)", "C::operator new[]");
    row("operator delete", "static void C::operator delete(void *)", "C::operator delete");
    row("operator delete[]", "static void C::operator delete[](void *)", "C::operator delete[]");
    row("conversion to int", "int C::operator int() const", "C::operator int");
    row("conversion to bool", "bool C::operator bool() const", "C::operator bool");
    row("conversion to a pointer", "const char *C::operator const char *() const",
        "C::operator const char *");
    row("conversion to a template", "std::vector<int> C::operator vector() const",
        "C::operator vector");
    row("conversion to a qualified template", "C::operator std::vector<int, long>() const",
        "C::operator std::vector<int, long>");

    // Lambdas and local classes: the enclosing function named without its parameters.
    row("lambda", "auto lam()::(anonymous class)::operator()() const", "lam::<lambda>::operator()");
    row("lambda in a method", "auto C::m(int)::(anonymous class)::operator()(int) const",
        "C::m::<lambda>::operator()");
    row("lambda in operator()", "auto C::operator()()::(anonymous class)::operator()() const",
        "C::operator()::<lambda>::operator()");
    row("lambda in a class template",
        "auto S<int>::run()::(anonymous class)::operator()() const [T = int]",
        "S<int>::run::<lambda>::operator()");
    row("local class", "void f(int)::Local::g()", "f::Local::g");
    row("local class in a method", "void C::m(int)::L::g()", "C::m::L::g");

    // Text that is no signature comes back as it is.
    row("empty", "", "");
    row("a bare name", "Run", "Run");
    row("a qualified name", "CMyDevice::Run", "CMyDevice::Run");
    row("an unclosed parameter list", "void f(", "void f(");
    row("only a parenthesis", "(", "(");
    row("only parameters", "(int)", "(int)");
    row("operator alone", "operator", "operator");
}

void tst_MsvcFunctionName::name()
{
    QFETCH(QByteArray, pretty);
    QFETCH(QByteArray, expected);
    QCOMPARE(QByteArray::fromStdString(umdfx::msvcFunctionName(pretty.toStdString())), expected);
}

QTEST_APPLESS_MAIN(tst_MsvcFunctionName)
#include "tst_msvcfunctionname.moc"
