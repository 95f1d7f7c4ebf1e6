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
    m_files["/"] = Inode{DIRECTORY, nullptr, 0755, 0, 0};
    m_files["/tmp"] = Inode{DIRECTORY, nullptr, 01777, 0, 0};
    m_files["/run"] = Inode{DIRECTORY, nullptr, 0755, 0, 0};
    m_files["/var"] = Inode{DIRECTORY, nullptr, 0755, 0, 0};
}

SocketCredentials
UnixNamespace::Root()
{
    SocketCredentials root;
    root.uid = 0;
    root.gid = 0;
    return root;
}

bool
UnixNamespace::Allowed(const Inode& inode, const SocketCredentials& who, uint32_t want)
{
    if (who.uid == 0)
    {
        return true;
    }
    uint32_t bits = who.uid == inode.uid   ? (inode.mode >> 6)
                    : who.gid == inode.gid ? (inode.mode >> 3)
                                           : inode.mode;
    return (bits & want) == want;
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
UnixNamespace::CheckParents(const std::string& path, const SocketCredentials& who) const
{
    // Every directory from "/" down to the parent must exist and be searchable.
    for (size_t slash = 0; slash != std::string::npos; slash = path.find('/', slash + 1))
    {
        std::string dir = slash == 0 ? "/" : path.substr(0, slash);
        auto it = m_files.find(dir);
        if (it == m_files.end())
        {
            return -ENOENT;
        }
        if (it->second.type != DIRECTORY)
        {
            return -ENOTDIR;
        }
        if (!Allowed(it->second, who, 1))
        {
            return -EACCES;
        }
    }
    return 0;
}

int
UnixNamespace::Resolve(const std::string& path,
                       std::map<std::string, Inode>::const_iterator& it,
                       const SocketCredentials& who) const
{
    std::string p = Absolute(path);
    if (int err = CheckParents(p, who))
    {
        return err;
    }
    it = m_files.find(p);
    return it == m_files.end() ? -ENOENT : 0;
}

int
UnixNamespace::Create(const std::string& path,
                      Inode inode,
                      int existsError,
                      const SocketCredentials& who)
{
    std::string p = Absolute(path);
    if (int err = CheckParents(p, who))
    {
        return err;
    }
    if (m_files.count(p))
    {
        return existsError;
    }
    std::string parent = p.substr(0, std::max<size_t>(p.rfind('/'), 1));
    if (!Allowed(m_files.at(parent), who, 3)) // write and search on the directory
    {
        return -EACCES;
    }
    inode.uid = who.uid;
    inode.gid = who.gid;
    m_files[p] = std::move(inode);
    return 0;
}

int
UnixNamespace::Mkdir(const std::string& path, uint32_t mode, SocketCredentials who)
{
    return Create(path, Inode{DIRECTORY, nullptr, mode & 07777, 0, 0}, -EEXIST, who);
}

int
UnixNamespace::CreateFile(const std::string& path, uint32_t mode, SocketCredentials who)
{
    return Create(path, Inode{REGULAR, nullptr, mode & 07777, 0, 0}, -EEXIST, who);
}

int
UnixNamespace::Chmod(const std::string& path, uint32_t mode)
{
    auto it = m_files.find(Absolute(path));
    if (it == m_files.end())
    {
        return -ENOENT;
    }
    it->second.mode = mode & 07777;
    return 0;
}

int
UnixNamespace::Chown(const std::string& path, uint32_t uid, uint32_t gid)
{
    auto it = m_files.find(Absolute(path));
    if (it == m_files.end())
    {
        return -ENOENT;
    }
    it->second.uid = uid;
    it->second.gid = gid;
    return 0;
}

int
UnixNamespace::GetMode(const std::string& path, uint32_t& mode) const
{
    auto it = m_files.find(Absolute(path));
    if (it == m_files.end())
    {
        return -ENOENT;
    }
    mode = it->second.mode;
    return 0;
}

bool
UnixNamespace::Exists(const std::string& path) const
{
    return m_files.count(Absolute(path)) > 0;
}

int
UnixNamespace::Unlink(const std::string& path, SocketCredentials who)
{
    std::map<std::string, Inode>::const_iterator it;
    if (int err = Resolve(path, it, who))
    {
        return err;
    }
    if (it->second.type == DIRECTORY)
    {
        return -EISDIR;
    }
    std::string p = it->first;
    if (!Allowed(m_files.at(p.substr(0, std::max<size_t>(p.rfind('/'), 1))), who, 3))
    {
        return -EACCES; // write and search on the directory
    }
    m_files.erase(it); // a live socket stays bound, its name is gone (Linux does the same)
    return 0;
}

int
UnixNamespace::BindPath(const std::string& path,
                        Ptr<UnixEndpoint> socket,
                        uint32_t mode,
                        const SocketCredentials& who)
{
    return Create(path, Inode{SOCKET, socket, mode & 07777, 0, 0}, -EADDRINUSE, who);
}

int
UnixNamespace::LookupPath(const std::string& path,
                          Ptr<UnixEndpoint>& socket,
                          const SocketCredentials& who) const
{
    std::map<std::string, Inode>::const_iterator it;
    if (int err = Resolve(path, it, who))
    {
        return err;
    }
    if (it->second.type == SOCKET && !Allowed(it->second, who, 2))
    {
        return -EACCES; // connecting needs write permission on the socket file (LS12)
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
