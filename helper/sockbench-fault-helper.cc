/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: fault injection.
 */

#include "sockbench-fault-helper.h"

#include "sockbench-helper.h"

#include "ns3/abort.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/link-fault-model.h"
#include "ns3/log.h"
#include "ns3/net-device.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/sockbench-host.h"

#include <sys/socket.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SockbenchFaultHelper");

namespace
{

/// Write a fault record on the device's node, if it has a host.
void
Record(Ptr<Node> node,
       const std::string& object,
       const std::string& name,
       std::vector<TraceField> fields)
{
    Ptr<SockbenchHost> host = SockbenchHelper::GetHost(node);
    if (host)
    {
        host->Emit(TraceKind::STATE, "fault", object, name, std::move(fields));
    }
}

std::string
DeviceObject(Ptr<NetDevice> device)
{
    return "dev:" + std::to_string(device->GetIfIndex());
}

void
SetLink(NetDeviceContainer devices, bool down)
{
    for (uint32_t i = 0; i < devices.GetN(); ++i)
    {
        Ptr<NetDevice> d = devices.Get(i);
        SockbenchFaultHelper::GetFaultModel(d)->SetDown(down);
        Record(d->GetNode(), DeviceObject(d), down ? "link-down" : "link-up", {});
    }
}

void
SetLoss(NetDeviceContainer devices, double rate)
{
    for (uint32_t i = 0; i < devices.GetN(); ++i)
    {
        Ptr<NetDevice> d = devices.Get(i);
        SockbenchFaultHelper::GetFaultModel(d)->SetLossRate(rate);
        Record(d->GetNode(),
               DeviceObject(d),
               "link-loss",
               {{"ppm", static_cast<int64_t>(rate * 1e6 + 0.5)}});
    }
}

void
SetInterfaces(Ptr<Node> node, bool up)
{
    if (Ptr<Ipv4> ip = node->GetObject<Ipv4>())
    {
        for (uint32_t i = 1; i < ip->GetNInterfaces(); ++i) // 0 is the loopback
        {
            up ? ip->SetUp(i) : ip->SetDown(i);
        }
    }
    if (Ptr<Ipv6> ip6 = node->GetObject<Ipv6>())
    {
        for (uint32_t i = 1; i < ip6->GetNInterfaces(); ++i)
        {
            up ? ip6->SetUp(i) : ip6->SetDown(i);
        }
    }
}

void
Crash(Ptr<Node> node)
{
    Ptr<SockbenchHost> host = SockbenchHelper::GetHost(node);
    NS_ABORT_MSG_IF(!host, "CrashNode: node " << node->GetId() << " has no SockbenchHost");
    host->Crash();
    SetInterfaces(node, false);
}

void
Restart(Ptr<Node> node)
{
    SetInterfaces(node, true);
    Ptr<SockbenchHost> host = SockbenchHelper::GetHost(node);
    if (host)
    {
        host->Restart();
    }
}

void
Abort(Ptr<Node> node, int fd)
{
    Ptr<SockbenchHost> host = SockbenchHelper::GetHost(node);
    NS_ABORT_MSG_IF(!host, "AbortConnection: node " << node->GetId() << " has no SockbenchHost");
    host->Emit(TraceKind::STATE, "fault", "fd:" + std::to_string(fd), "abort", {});
    struct linger l = {1, 0};
    host->SetSockOpt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
    host->Close(fd);
}

} // namespace

Ptr<SockbenchLinkFault>
SockbenchFaultHelper::GetFaultModel(Ptr<NetDevice> device)
{
    PointerValue current;
    if (device->GetAttributeFailSafe("ReceiveErrorModel", current))
    {
        Ptr<SockbenchLinkFault> model = current.Get<SockbenchLinkFault>();
        if (model)
        {
            return model;
        }
    }
    Ptr<SockbenchLinkFault> model = CreateObject<SockbenchLinkFault>();
    bool ok = device->SetAttributeFailSafe("ReceiveErrorModel", PointerValue(model));
    NS_ABORT_MSG_IF(!ok,
                    "device " << device->GetInstanceTypeId().GetName()
                              << " has no ReceiveErrorModel attribute: link faults need "
                                 "point-to-point or CSMA devices");
    return model;
}

void
SockbenchFaultHelper::LinkDown(NetDeviceContainer devices, Time at) const
{
    Simulator::Schedule(at - Simulator::Now(), &SetLink, devices, true);
}

void
SockbenchFaultHelper::LinkUp(NetDeviceContainer devices, Time at) const
{
    Simulator::Schedule(at - Simulator::Now(), &SetLink, devices, false);
}

void
SockbenchFaultHelper::SetLossRate(NetDeviceContainer devices, double rate, Time at) const
{
    NS_ABORT_MSG_IF(rate < 0.0 || rate > 1.0, "loss rate outside [0, 1]: " << rate);
    for (uint32_t i = 0; i < devices.GetN(); ++i)
    {
        GetFaultModel(devices.Get(i)); // installed now, so AssignStreams can reach it
    }
    Simulator::Schedule(at - Simulator::Now(), &SetLoss, devices, rate);
}

int64_t
SockbenchFaultHelper::AssignStreams(NetDeviceContainer devices, int64_t stream) const
{
    int64_t used = 0;
    for (uint32_t i = 0; i < devices.GetN(); ++i)
    {
        used += GetFaultModel(devices.Get(i))->AssignStreams(stream + used);
    }
    return used;
}

void
SockbenchFaultHelper::CrashNode(Ptr<Node> node, Time at) const
{
    Simulator::Schedule(at - Simulator::Now(), &Crash, node);
}

void
SockbenchFaultHelper::RestartNode(Ptr<Node> node, Time at) const
{
    Simulator::Schedule(at - Simulator::Now(), &Restart, node);
}

void
SockbenchFaultHelper::AbortConnection(Ptr<Node> node, int fd, Time at) const
{
    Simulator::Schedule(at - Simulator::Now(), &Abort, node, fd);
}

} // namespace ns3
