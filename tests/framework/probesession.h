#pragma once
// A simulation with one probe device (probedriver.h), for tests that drive it line by line and
// count what the trace recorded.

#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"
#include "tests/framework/probedriver.h"

#include <QtTest/QtTest>

#include <memory>
#include <string>
#include <string_view>

struct Probe
{
    explicit Probe(const std::string &parameters, const std::string &knobs = {})
    {
        const std::string text
            = R"({"name":"p","drivers":[{"name":"probe","module":"builtin:probe"}],"devices":[{"instanceId":"ROOT\\PROBE\\0000","hardwareIds":["probe"],"drivers":["probe"],"parameters":)"
            + parameters + "}]" + (knobs.empty() ? "" : ",\"knobs\":" + knobs) + "}";
        auto loaded = umdfx::scenario::loadScenario(text, "probe");
        if (auto *err = std::get_if<umdfx::scenario::LoadError>(&loaded))
            qFatal("%s", err->toString().c_str());
        sim = std::make_unique<umdfx::Simulation>(
            std::get<umdfx::scenario::Scenario>(loaded), probe::registry());
        sim->powerOn();
        runner = std::make_unique<umdfx::ActionRunner>(*sim);
    }
    bool run(const std::string &line)
    {
        auto parsed = umdfx::scenario::parseActionLine(line, "t", 1);
        if (auto *err = std::get_if<umdfx::scenario::LoadError>(&parsed))
            qFatal("%s", err->toString().c_str());
        const auto r = runner->run(std::get<umdfx::scenario::Action>(parsed));
        if (!r.ok)
            qWarning("%s", r.message.c_str());
        return r.ok;
    }
    std::size_t count(std::string_view iface, std::string_view method)
    {
        std::size_t n = 0;
        const auto &t = sim->world().trace;
        for (std::size_t i = 0; i < t.size(); ++i) {
            const auto &r = t.at(i);
            if (r.phase == umdfx::trace::Phase::Call && umdfx::trace::str(r.iface) == iface
                && umdfx::trace::str(r.method) == method)
                ++n;
        }
        return n;
    }
    // The HRESULT of the last return of iface::method.
    std::uint32_t lastResult(std::string_view iface, std::string_view method)
    {
        const auto &t = sim->world().trace;
        for (std::size_t i = t.size(); i-- > 0;) {
            const auto &r = t.at(i);
            if (r.phase == umdfx::trace::Phase::Return && umdfx::trace::str(r.iface) == iface
                && umdfx::trace::str(r.method) == method)
                return r.hr;
        }
        qFatal("no return of %s::%s", std::string(iface).c_str(), std::string(method).c_str());
    }
    std::unique_ptr<umdfx::Simulation> sim;
    std::unique_ptr<umdfx::ActionRunner> runner;
};
