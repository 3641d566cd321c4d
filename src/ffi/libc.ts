// The one place libc is opened. Symbols are the C prototypes stickmode needs for ttys, ptys,
// sockets and process checks; calls whose errno matters are synchronous (deno.md#errno: errno of a
// `nonblocking` call is read on the wrong thread). Only `poll` runs off the JS thread.

/** The libc functions stickmode calls, with their C prototypes. */
export const LIBC_SYMBOLS = {
  // int open(const char *path, int flags, mode_t mode);
  open: { parameters: ["buffer", "i32", "u32"], result: "i32" },
  // int close(int fd);
  close: { parameters: ["i32"], result: "i32" },
  // ssize_t read(int fd, void *buf, size_t count);
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  // ssize_t write(int fd, const void *buf, size_t count);
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  // int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *tmo, const sigset_t *mask);
  // (worker thread; may block; the timeout in ns: poll's whole ms made every deadline late)
  ppoll: { parameters: ["buffer", "u64", "buffer", "pointer"], result: "i32", nonblocking: true },
  // int poll(...) again, synchronous, for zero-timeout readiness checks whose errno matters
  poll_now: { name: "poll", parameters: ["buffer", "u64", "i32"], result: "i32" },
  // int *__errno_location(void);
  __errno_location: { parameters: [], result: "pointer" },
  // int tcgetattr(int fd, struct termios *t);
  tcgetattr: { parameters: ["i32", "buffer"], result: "i32" },
  // int tcsetattr(int fd, int optional_actions, const struct termios *t);
  tcsetattr: { parameters: ["i32", "i32", "buffer"], result: "i32" },
  // void cfmakeraw(struct termios *t);
  cfmakeraw: { parameters: ["buffer"], result: "void" },
  // int cfsetispeed(struct termios *t, speed_t speed);
  cfsetispeed: { parameters: ["buffer", "u32"], result: "i32" },
  // int cfsetospeed(struct termios *t, speed_t speed);
  cfsetospeed: { parameters: ["buffer", "u32"], result: "i32" },
  // int tcflush(int fd, int queue_selector);
  tcflush: { parameters: ["i32", "i32"], result: "i32" },
  // int posix_openpt(int flags);
  posix_openpt: { parameters: ["i32"], result: "i32" },
  // int grantpt(int fd);
  grantpt: { parameters: ["i32"], result: "i32" },
  // int unlockpt(int fd);
  unlockpt: { parameters: ["i32"], result: "i32" },
  // int ptsname_r(int fd, char *buf, size_t buflen);
  ptsname_r: { parameters: ["i32", "buffer", "usize"], result: "i32" },
  // int kill(pid_t pid, int sig);
  kill: { parameters: ["i32", "i32"], result: "i32" },
  // pid_t getpid(void);
  getpid: { parameters: [], result: "i32" },
  // int flock(int fd, int operation);
  flock: { parameters: ["i32", "i32"], result: "i32" },
  // int socket(int domain, int type, int protocol);
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  // int setsockopt(int fd, int level, int optname, const void *optval, socklen_t optlen);
  setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
  // int getsockopt(int fd, int level, int optname, void *optval, socklen_t *optlen);
  getsockopt: { parameters: ["i32", "i32", "i32", "buffer", "buffer"], result: "i32" },
  // int connect(int fd, const struct sockaddr *addr, socklen_t len);
  connect: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  // int getpeername(int fd, struct sockaddr *addr, socklen_t *len);  (is a socket connected)
  getpeername: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
  // unsigned int if_nametoindex(const char *ifname);
  if_nametoindex: { parameters: ["buffer"], result: "u32" },
  // int eventfd(unsigned int initval, int flags);  (wakes the shared poller, poller.ts)
  eventfd: { parameters: ["u32", "i32"], result: "i32" },
  // int fchmod(int fd, mode_t mode);  (the mode of the file we opened, never of a path)
  fchmod: { parameters: ["i32", "u32"], result: "i32" },
  // int fchown(int fd, uid_t owner, gid_t group);
  fchown: { parameters: ["i32", "u32", "u32"], result: "i32" },
  // int fsync(int fd);
  fsync: { parameters: ["i32"], result: "i32" },
  // int ftruncate(int fd, off_t length);
  ftruncate: { parameters: ["i32", "i64"], result: "i32" },
  // int link(const char *oldpath, const char *newpath);  (fails on an existing newpath)
  link: { parameters: ["buffer", "buffer"], result: "i32" },
  // int unlink(const char *path);  (removes a symlink itself, never its target)
  unlink: { parameters: ["buffer"], result: "i32" },
  // int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf);
  // (one struct layout on every architecture, unlike struct stat)
  statx: { parameters: ["i32", "buffer", "i32", "u32", "buffer"], result: "i32" },
  // char *strerror(int errnum);  (called on the JS thread only, right before the text is read)
  strerror: { parameters: ["i32"], result: "pointer" },
} as const;

/** The bound libc functions (what libc() returns). */
export type Libc = Deno.DynamicLibrary<typeof LIBC_SYMBOLS>["symbols"];

let cached: Libc | undefined;

/** Opens libc.so.6 once per process (by soname, docs/deno.md#native-libraries). */
export function libc(): Libc {
  if (!cached) cached = Deno.dlopen("libc.so.6", LIBC_SYMBOLS).symbols;
  return cached;
}

/** errno of the last synchronous libc call on this thread. */
export function lastErrno(): number {
  const p = libc().__errno_location();
  if (p === null) return 0;
  return new Deno.UnsafePointerView(p).getInt32(0);
}

/** "Read-only file system": the C library's text for an errno. */
export function errnoText(errno: number): string {
  const p = libc().strerror(errno);
  return p === null ? `errno ${errno}` : Deno.UnsafePointerView.getCString(p);
}

/** A NUL-terminated C string for `buffer` parameters. */
export function cString(s: string): Uint8Array<ArrayBuffer> {
  const bytes = new TextEncoder().encode(s);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

// Linux generic constants (identical on x86_64 and aarch64).
/** open(2): read only. */
export const O_RDONLY = 0o0;
/** open(2): write only. */
export const O_WRONLY = 0o1;
/** open(2): read and write. */
export const O_RDWR = 0o2;
/** open(2): create the file if missing. */
export const O_CREAT = 0o100;
/** open(2): with O_CREAT, fail with EEXIST if the name exists. */
export const O_EXCL = 0o200;
/** open(2): a tty does not become the controlling terminal. */
export const O_NOCTTY = 0o400;
/** open(2): calls that would block fail with EAGAIN. */
export const O_NONBLOCK = 0o4000;
/** open(2): closed in child processes at exec. */
export const O_CLOEXEC = 0o2000000;
/** poll(2): data to read. */
export const POLLIN = 0x1;
/** poll(2): writing will not block. */
export const POLLOUT = 0x4;
/** poll(2): an error condition. */
export const POLLERR = 0x8;
/** poll(2): the other side hung up. */
export const POLLHUP = 0x10;
/** poll(2): the descriptor is not open. */
export const POLLNVAL = 0x20;
/** flock(2): exclusive lock. */
export const LOCK_EX = 2;
/** flock(2): fail with EWOULDBLOCK instead of waiting. */
export const LOCK_NB = 4;
/** flock(2): release the lock. */
export const LOCK_UN = 8;
/** *at(2): a path relative to the working directory. */
export const AT_FDCWD = -100;
/** *at(2): do not follow a symlink in the last component. */
export const AT_SYMLINK_NOFOLLOW = 0x100;
/** *at(2): an empty path means the dirfd itself. */
export const AT_EMPTY_PATH = 0x1000;
/** STATX_BASIC_STATS: type, mode, nlink, uid, gid, times, ino, size, blocks. */
export const STATX_BASIC_STATS = 0x7ff;
// Not generic: arm64 has its own fcntl.h (O_DIRECTORY 040000, O_NOFOLLOW 0100000), x86_64 and
// the others take asm-generic's 0400000.
/** open(2): fail with ELOOP when the last component is a symlink. */
export const O_NOFOLLOW = Deno.build.arch === "aarch64" ? 0o100000 : 0o400000;
