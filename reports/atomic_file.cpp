#include "reports/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ddbsim::reports {

Status write_files_atomically(const std::vector<std::pair<std::string, std::string>>& files) {
    for (const auto& [path, content] : files) {
        const std::string tmp = path + ".tmp." + std::to_string(::getpid());
        const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0)
            return Error::invalid_input("cannot write " + path + ": " + std::strerror(errno));
        std::size_t done = 0;
        while (done < content.size()) {
            const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
            if (n < 0) {
                if (errno == EINTR) continue;
                const std::string why = std::strerror(errno);
                ::close(fd);
                ::unlink(tmp.c_str());
                return Error::invalid_input("cannot write " + path + ": " + why);
            }
            done += static_cast<std::size_t>(n);
        }
        if (::fsync(fd) != 0 || ::close(fd) != 0) {
            ::unlink(tmp.c_str());
            return Error::invalid_input("cannot write " + path + ": " + std::strerror(errno));
        }
        if (std::rename(tmp.c_str(), path.c_str()) != 0) {
            const std::string why = std::strerror(errno);
            ::unlink(tmp.c_str());
            return Error::invalid_input("cannot write " + path + ": " + why);
        }
    }
    return {};
}

}  // namespace ddbsim::reports
