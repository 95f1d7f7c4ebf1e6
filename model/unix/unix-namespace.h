/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sockbench: one node's file namespace for AF_UNIX names.
 */

#ifndef SOCKBENCH_UNIX_NAMESPACE_H
#define SOCKBENCH_UNIX_NAMESPACE_H

#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/socket-endpoint.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace ns3
{

class UnixEndpoint;

/**
 * \ingroup sockbench
 * \brief The files and abstract names of one node, as AF_UNIX sees them.
 *
 * Pathnames live in a tree of directories that starts with "/", "/tmp", "/run" and "/var";
 * more can be made with Mkdir(), and regular files with CreateFile() (to provoke EADDRINUSE
 * and ECONNREFUSED). Binding a pathname creates a socket file that outlives the socket: close
 * leaves a stale file, and only Unlink() removes it (LS2). Abstract names are kept per socket
 * type and vanish when their socket closes (LS5). Relative paths are taken from "/".
 *
 * Files have a mode, an owner and a group. Creating or removing a name needs write and search
 * permission on its directory, every directory on the way needs search permission, and
 * connecting needs write permission on the socket file; otherwise EACCES (LS2, LS12). User 0
 * may do everything. "/", "/run" and "/var" belong to root with mode 0755, "/tmp" is 01777.
 */
class UnixNamespace : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    UnixNamespace();

    /// What a name refers to.
    enum FileType
    {
        DIRECTORY,
        REGULAR,
        SOCKET,
    };

    /// \return user 0, group 0
    static SocketCredentials Root();

    /// \return 0, -EEXIST, -ENOENT, -ENOTDIR or -EACCES \param path directory to create
    /// \param mode permission bits \param who its owner, who must be allowed to create it
    int Mkdir(const std::string& path, uint32_t mode = 0755, SocketCredentials who = Root());
    /// \return 0, -EEXIST, -ENOENT, -ENOTDIR or -EACCES \param path regular file to create
    /// \param mode permission bits \param who its owner
    int CreateFile(const std::string& path, uint32_t mode = 0644, SocketCredentials who = Root());
    /// \return 0, -ENOENT, -ENOTDIR, -EISDIR or -EACCES \param path the name to remove
    /// \param who the caller
    int Unlink(const std::string& path, SocketCredentials who = Root());
    /// \return 0 or -ENOENT \param path a file \param mode its new permission bits
    int Chmod(const std::string& path, uint32_t mode);
    /// \return 0 or -ENOENT \param path a file \param uid new owner \param gid new group
    int Chown(const std::string& path, uint32_t uid, uint32_t gid);
    /// \return 0 or -ENOENT \param path a file \param[out] mode its permission bits
    int GetMode(const std::string& path, uint32_t& mode) const;
    /// \return whether \p path exists \param path a path
    bool Exists(const std::string& path) const;

    /**
     * \brief Create the socket file of a bind (LS2).
     * \param path the name
     * \param socket the binding socket
     * \param mode the file's mode (0777 & ~umask)
     * \param who the caller, who owns the file
     * \return 0, -EADDRINUSE (any existing file), -ENOENT, -ENOTDIR or -EACCES
     */
    int BindPath(const std::string& path,
                 Ptr<UnixEndpoint> socket,
                 uint32_t mode,
                 const SocketCredentials& who);

    /**
     * \brief Find the socket behind a pathname (LS12 step 2).
     * \param path the name
     * \param[out] socket the live socket
     * \param who the caller: needs write permission on the socket file
     * \return 0, -ENOENT, -ENOTDIR, -EACCES, or -ECONNREFUSED (not a socket file, or a stale
     *         one)
     */
    int LookupPath(const std::string& path,
                   Ptr<UnixEndpoint>& socket,
                   const SocketCredentials& who) const;

    /// The socket bound to \p path closed: its file stays, stale. \param path the name
    /// \param socket the closing socket
    void ReleasePath(const std::string& path, const UnixEndpoint* socket);

    /// \return 0 or -EADDRINUSE \param type socket type \param name abstract name
    /// \param socket the binding socket
    int BindAbstract(int type, const std::string& name, Ptr<UnixEndpoint> socket);
    /// \return the socket, or nullptr \param type socket type \param name abstract name
    Ptr<UnixEndpoint> LookupAbstract(int type, const std::string& name) const;
    /// \param type socket type \param name abstract name \param socket the closing socket
    void ReleaseAbstract(int type, const std::string& name, const UnixEndpoint* socket);

    /// \return a fresh autobind name: 5 lowercase hex digits (LS4) \param type socket type
    std::string NextAutobindName(int type);

  protected:
    void DoDispose() override;

  private:
    /// A file.
    struct Inode
    {
        FileType type;            //!< what it is
        Ptr<UnixEndpoint> socket; //!< the bound socket; null when stale
        uint32_t mode;            //!< permission bits
        uint32_t uid;             //!< owner
        uint32_t gid;             //!< group
    };

    /// \return whether \p who has all of \p want (4 read, 2 write, 1 search) on \p inode
    static bool Allowed(const Inode& inode, const SocketCredentials& who, uint32_t want);

    /// \return 0, -ENOENT or -ENOTDIR for the directories leading to \p path
    int CheckParents(const std::string& path, const SocketCredentials& who) const;
    /// \return 0, -ENOENT or -ENOTDIR \param path a path \param[out] it its file
    int Resolve(const std::string& path,
                std::map<std::string, Inode>::const_iterator& it,
                const SocketCredentials& who) const;
    /// \return the path made absolute \param path a path
    static std::string Absolute(const std::string& path);
    /// \return 0 or an error \param path where \param inode what
    int Create(const std::string& path, Inode inode, int existsError, const SocketCredentials& who);

    std::map<std::string, Inode> m_files;                                //!< by path
    std::map<std::pair<int, std::string>, Ptr<UnixEndpoint>> m_abstract; //!< by type, name
    uint32_t m_nextAutobind{0};                                          //!< autobind counter
};

} // namespace ns3

#endif /* SOCKBENCH_UNIX_NAMESPACE_H */
