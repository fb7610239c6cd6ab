#pragma once
// Models and the bridge belong to the thread that created them (the GUI thread); every mutator
// checks it, as GammaRay's models do, so that a cross-thread call is caught in debug builds
// instead of corrupting a view.

#include <QThread>
#include <QtGlobal>

#define UMDFX_ASSERT_OWN_THREAD(object)                                                            \
    Q_ASSERT_X(QThread::currentThread() == (object)->thread(), Q_FUNC_INFO,                        \
        "called from a thread that does not own the object")
