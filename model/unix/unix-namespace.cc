/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "unix-namespace.h"

#include "unix-endpoint.h"

#include "ns3/log.h"

#include <cerrno>
#include <cstdio>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("UnixNamespace");
NS_OBJECT_ENSURE_REGISTERED(UnixNamespace);

TypeId
UnixNamespace::GetTypeId()
{
    static TypeId tid = TypeId("ns3::UnixNamespace")
                            .SetParent<Object>()
                            .SetGroupName("Sockbench")
                            .AddConstructor<UnixNamespace>();
    return tid;
}

UnixNamespace::UnixNamespace()
{
    for (const char* dir : {"/", "/tmp", "/run", "/var"})
    {
        m_files[dir] = Inode{DIRECTORY, nullptr};
    }
}

void
UnixNamespace::DoDispose()
{
    m_files.clear();
    m_abstract.clear();
    Object::DoDispose();
}

std::string
UnixNamespace::Absolute(const std::string& path)
{
    std::string p = path.empty() || path[0] != '/' ? "/" + path : path;
    while (p.size() > 1 && p.back() == '/')
    {
        p.pop_back();
    }
    return p;
}

int
UnixNamespace::CheckParents(const std::string& path) const
{
    for (size_t slash = path.find('/', 1); slash != std::string::npos;
         slash = path.find('/', slash + 1))
    {
        auto it = m_files.find(path.substr(0, slash));
        if (it == m_files.end())
        {
            return -ENOENT;
        }
        if (it->second.type != DIRECTORY)
        {
            return -ENOTDIR;
        }
    }
    return 0;
}

int
UnixNamespace::Resolve(const std::string& path,
                       std::map<std::string, Inode>::const_iterator& it) const
{
    std::string p = Absolute(path);
    if (int err = CheckParents(p))
    {
        return err;
    }
    it = m_files.find(p);
    return it == m_files.end() ? -ENOENT : 0;
}

int
UnixNamespace::Create(const std::string& path, Inode inode, int existsError)
{
    std::string p = Absolute(path);
    if (int err = CheckParents(p))
    {
        return err;
    }
    if (m_files.count(p))
    {
        return existsError;
    }
    m_files[p] = std::move(inode);
    return 0;
}

int
UnixNamespace::Mkdir(const std::string& path)
{
    return Create(path, Inode{DIRECTORY, nullptr}, -EEXIST);
}

int
UnixNamespace::CreateFile(const std::string& path)
{
    return Create(path, Inode{REGULAR, nullptr}, -EEXIST);
}

bool
UnixNamespace::Exists(const std::string& path) const
{
    return m_files.count(Absolute(path)) > 0;
}

int
UnixNamespace::Unlink(const std::string& path)
{
    std::map<std::string, Inode>::const_iterator it;
    if (int err = Resolve(path, it))
    {
        return err;
    }
    if (it->second.type == DIRECTORY)
    {
        return -EISDIR;
    }
    m_files.erase(it); // a live socket stays bound, its name is gone (Linux does the same)
    return 0;
}

int
UnixNamespace::BindPath(const std::string& path, Ptr<UnixEndpoint> socket)
{
    return Create(path, Inode{SOCKET, socket}, -EADDRINUSE);
}

int
UnixNamespace::LookupPath(const std::string& path, Ptr<UnixEndpoint>& socket) const
{
    std::map<std::string, Inode>::const_iterator it;
    if (int err = Resolve(path, it))
    {
        return err;
    }
    if (it->second.type != SOCKET || !it->second.socket)
    {
        return -ECONNREFUSED; // a regular file, a directory, or a stale socket file
    }
    socket = it->second.socket;
    return 0;
}

void
UnixNamespace::ReleasePath(const std::string& path, const UnixEndpoint* socket)
{
    auto it = m_files.find(Absolute(path));
    if (it != m_files.end() && it->second.socket == socket)
    {
        it->second.socket = nullptr; // the file stays (LS2)
    }
}

int
UnixNamespace::BindAbstract(int type, const std::string& name, Ptr<UnixEndpoint> socket)
{
    auto key = std::make_pair(type, name);
    if (m_abstract.count(key))
    {
        return -EADDRINUSE;
    }
    m_abstract[key] = socket;
    return 0;
}

Ptr<UnixEndpoint>
UnixNamespace::LookupAbstract(int type, const std::string& name) const
{
    auto it = m_abstract.find(std::make_pair(type, name));
    return it == m_abstract.end() ? nullptr : it->second;
}

void
UnixNamespace::ReleaseAbstract(int type, const std::string& name, const UnixEndpoint* socket)
{
    auto it = m_abstract.find(std::make_pair(type, name));
    if (it != m_abstract.end() && it->second == socket)
    {
        m_abstract.erase(it);
    }
}

std::string
UnixNamespace::NextAutobindName(int type)
{
    for (;;)
    {
        char name[8];
        std::snprintf(name, sizeof(name), "%05x", m_nextAutobind++ & 0xfffff);
        if (!m_abstract.count(std::make_pair(type, std::string(name))))
        {
            return name;
        }
    }
}

} // namespace ns3
