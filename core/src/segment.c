/* Copyright (c) 2026 The SharedArray developers. MIT License.
 * segment.c -- creating, attaching, releasing and deleting segments, and
 * reading their headers without mapping them. All the system calls on the
 * create/attach paths live here; see docs/format.md "Atomic create". */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

void (*sa__create_hook)(int stage);

/* Why a binding that did not ask for SA_*_ANY_DTYPE gets SA_EDTYPE. */
#define SA__NOT_NUMERIC                                                      \
  "'%.60s' is not a numeric dtype: Python maps every dtype, but Lua, "        \
  "Octave and the CLI's dump read only b1, i1-i8, u1-u8, f2, f4, f8, c8 and " \
  "c16 (from C, pass SA_CREATE_ANY_DTYPE or SA_ATTACH_ANY_DTYPE)"

/* The first 8 bytes of a format 1.0 header: magic plus version. Creators
 * write them last, with release ordering; attachers read them first, with
 * acquire ordering, so a complete magic implies a complete header. */
static uint64_t sa__magic_word(void) {
  uint64_t v;
  memcpy(&v, sa__npy_preamble1, 8);
  return v;
}

static sa_array *sa__new(const char *display, unsigned char *map, size_t len,
                         const sa_meta *m, int readonly,
                         const struct stat *st) {
  size_t nl = strlen(display) + 1;
  sa_array *a = malloc(sizeof(*a) + nl);
  if (a == NULL) return NULL;
  a->map = map;
  a->maplen = len;
  a->data = map + m->data_offset;
  a->readonly = readonly;
  a->dev = st->st_dev;
  a->ino = st->st_ino;
  a->mode = (unsigned)st->st_mode & 07777u;
  a->uid = (unsigned)st->st_uid;
  a->trail = a->trail_rw = NULL;
  a->trail_map = NULL;
  a->trail_maplen = 0;
  a->lock_held = 0;
  sa__meta_copy(&a->meta, m);
  memcpy(a->name, display, nl);
  return a;
}

static int sa__pwrite_all(int fd, const void *buf, size_t len, off_t off) {
  const char *p = buf;
  while (len > 0) {
    ssize_t k = pwrite(fd, p, len, off);
    if (k < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    p += k; len -= (size_t)k; off += k;
  }
  return 0;
}

/* Write the header (magic zeroed). A small array's data pages, as zeros,
 * and its trailer are written with it, in the same call: that reserves them
 * as fallocate would, one system call sooner. Returns 1 if the data and the
 * trailer were written too (up to total, the segment's size). */
static int sa__write_head(int fd, const unsigned char *hdr, const sa_meta *m,
                          const unsigned char *trail, uint64_t total,
                          unsigned flags) {
  static const unsigned char zeros[4096];
  struct iovec iov[1 + 16 + 2];
  uint64_t left = total - SA__TRAIL_LEN - SA_DATA_OFFSET; /* data + pad */
  int n = 1;
  ssize_t k;
  if ((flags & SA_CREATE_LAZY) || m->nbytes > 16 * sizeof zeros)
    return sa__pwrite_all(fd, hdr, SA_DATA_OFFSET, 0);
  iov[0].iov_base = (void *)hdr;
  iov[0].iov_len = SA_DATA_OFFSET;
  while (left > 0) {
    size_t part = left < sizeof zeros ? (size_t)left : sizeof zeros;
    iov[n].iov_base = (void *)zeros;
    iov[n++].iov_len = part;
    left -= part;
  }
  iov[n].iov_base = (void *)trail;
  iov[n++].iov_len = SA__TRAIL_LEN;
  do k = pwritev(fd, iov, n, 0); while (k < 0 && errno == EINTR);
  if (k < 0)
    return -errno;
  if ((uint64_t)k == total)
    return 1;
  /* A short write: finish the header, and let posix_fallocate reserve the
   * rest and report the real reason (usually ENOSPC). */
  if (k < SA_DATA_OFFSET)
    return sa__pwrite_all(fd, hdr + k, SA_DATA_OFFSET - (size_t)k, k);
  return 0;
}


int sa_create(const char *name, int ndim, const int64_t *shape,
              const char *dtype, char order, unsigned mode, unsigned flags,
              sa_array **out) {
  sa__name n;
  sa_meta m;
  unsigned char hdr[SA_DATA_OFFSET], trail[SA__TRAIL_LEN];
  uint64_t total, trail_off;
  unsigned char *map;
  sa_array *a;
  struct stat mine;
  int fd, rc;

  if (out == NULL)
    return sa__err(SA_EARG, "out", "NULL");
  *out = NULL;
  if (flags & ~(unsigned)(SA_CREATE_LAZY | SA_CREATE_POPULATE |
                          SA_CREATE_ANY_DTYPE))
    return sa__err(SA_EARG, "flags", "invalid create flags 0x%x (known: "
                   "SA_CREATE_LAZY, SA_CREATE_POPULATE, SA_CREATE_ANY_DTYPE)",
                   flags);
  if ((rc = sa__name_parse(name, &n)) < 0)
    return rc;
  if ((rc = sa_meta_init(&m, ndim, shape, dtype, order)) < 0)
    return sa__err_prefix(n.display);
  if (!(flags & SA_CREATE_ANY_DTYPE) && !sa_dtype_is_numeric(&m.dtype))
    return sa__err(SA_EDTYPE, n.display, SA__NOT_NUMERIC, m.dtype.descr);
  /* segment format 2: the data, then the trailer at a 64-byte boundary */
  if (m.nbytes > (uint64_t)INT64_MAX - m.data_offset - 2 * SA__TRAIL_LEN)
    return sa__err(SA_EOVERFLOW, n.display, "%llu bytes of data",
                   (unsigned long long)m.nbytes);
  trail_off = sa__trail_offset(&m);
  total = trail_off + SA__TRAIL_LEN;
  if (total > SIZE_MAX)
    return sa__err(SA_EOVERFLOW, n.display, "%llu bytes of data",
                   (unsigned long long)m.nbytes);
  if ((rc = sa_header_write(&m, hdr, sizeof hdr)) < 0)
    return sa__err_prefix(n.display);
  memset(hdr, 0, 8); /* the magic is published last, see above */
  if (mode & ~0777u)
    return sa__err(SA_EARG, n.display, "mode 0%o: only permission bits (0 to "
                   "0777) are allowed, not setuid, setgid or sticky", mode);
  if (mode == 0)
    mode = 0600;

  fd = sa__name_open(&n, O_RDWR | O_CREAT | O_EXCL, mode);
  if (fd < 0)
    return sa__err(fd, n.display, NULL);
  /* Who we are, so that an undo (here or sa_unlink) removes only this. */
  if (fstat(fd, &mine) < 0) {
    rc = -errno;
    close(fd);
    return sa__err(rc, n.display, NULL);
  }
  /* The umask may have removed bits the caller asked for. */
  if ((mine.st_mode & 0777u) != mode) {
    if (fchmod(fd, (mode_t)mode) < 0) {
      rc = -errno;
      goto fail;
    }
    mine.st_mode = (mine.st_mode & ~(mode_t)0777) | (mode_t)mode;
  }
  if (sa__create_hook) sa__create_hook(1);
  sa__trail_init(trail);
  if ((rc = sa__write_head(fd, hdr, &m, trail, total, flags)) < 0)
    goto fail;
  if (rc == 1) {
    /* the data pages and the trailer were written (and so reserved) with
     * the header */
  } else {
    /* Reserve every page now: a full /dev/shm fails here with ENOSPC
     * instead of killing a writer with SIGBUS later. Lazily, the trailer's
     * write alone gives the segment its size. */
    if (!(flags & SA_CREATE_LAZY)) {
      do rc = posix_fallocate(fd, 0, (off_t)total); while (rc == EINTR);
      if (rc != 0) {
        rc = -rc;
        goto fail;
      }
    }
    /* before the magic is published (docs/format.md section 8) */
    if ((rc = sa__pwrite_all(fd, trail, SA__TRAIL_LEN, (off_t)trail_off)) < 0)
      goto fail;
  }
  map = mmap(NULL, (size_t)total, PROT_READ | PROT_WRITE,
             MAP_SHARED | ((flags & SA_CREATE_POPULATE) ? MAP_POPULATE : 0),
             fd, 0);
  if (map == MAP_FAILED) {
    rc = -errno;
    goto fail;
  }
  a = sa__new(n.display, map, (size_t)total, &m, 0, &mine); /* before
                                                                publishing */
  if (a == NULL) {
    munmap(map, (size_t)total);
    rc = -ENOMEM;
    goto fail;
  }
  a->trail = a->trail_rw = map + trail_off;
  if (sa__create_hook) sa__create_hook(2);
  /* Publish: the magic goes in last, with a system call rather than through
   * the mapping, so that create never faults in the header's page. A reader
   * racing this sees zeros, the magic, or (if the copy tears) a mixture of
   * the two, which the parser also reports as incomplete. */
  {
    uint64_t w = sa__magic_word();
    if ((rc = sa__pwrite_all(fd, &w, 8, 0)) < 0) {
      sa_release(a);
      goto fail;
    }
  }
  close(fd);
  *out = a;
  return 0;

fail:
  /* Undo: unlink the name only if it is still the object we created (a
   * delete and another create may have happened meanwhile). */
  (void)sa__name_unlink_if(&n, &mine);
  close(fd);
  return sa__err(rc, n.display, NULL);
}

/* same: NULL, or the device and inode (st_dev, st_ino) that the opened
 * segment must have (sa_attach_same). */
static int sa__attach(const char *name, unsigned flags, long long owner,
                      const struct stat *same, sa_array **out) {
  sa__name n;
  sa_meta m;
  struct stat st;
  unsigned char *map;
  size_t len;
  int fd, rc, err, prot, ro = (flags & SA_ATTACH_RDONLY) != 0;

  if (out == NULL)
    return sa__err(SA_EARG, "out", "NULL");
  *out = NULL;
  if (flags & ~(unsigned)(SA_ATTACH_RDONLY | SA_ATTACH_POPULATE | SA_ATTACH_OWNED |
                          SA_ATTACH_ANY_DTYPE))
    return sa__err(SA_EARG, "flags", "invalid attach flags 0x%x (known: "
                   "SA_ATTACH_RDONLY, SA_ATTACH_POPULATE, SA_ATTACH_OWNED, "
                   "SA_ATTACH_ANY_DTYPE)", flags);
  if (flags & SA_ATTACH_OWNED)
    owner = (long long)geteuid();
  if ((rc = sa__name_parse(name, &n)) < 0)
    return rc;
  fd = sa__name_open(&n, ro ? O_RDONLY : O_RDWR, 0);
  if (fd < 0)
    return sa__err(fd, n.display, same ? "the segment is gone" : NULL);
  /* Checked on the open descriptor, before anything else: what is mapped
   * is the segment the caller meant, or nothing. */
  if (same != NULL) {
    if (fstat(fd, &st) < 0) {
      rc = -errno;
      close(fd);
      return sa__err(rc, n.display, NULL);
    }
    if (st.st_dev != same->st_dev || st.st_ino != same->st_ino) {
      close(fd);
      return sa__err(-ENOENT, n.display, "the name now refers to another "
                     "segment (it was deleted and created again); refusing "
                     "to attach it");
    }
  }
  /* Validate from pread copies before mapping: cheaper than a page fault
   * on the mapping (which would also fault in up to 64 KiB around it), and
   * attach then never touches the mapping. */
  rc = sa__read_meta(fd, 0, &m, &st);
  if (rc == 0 && (uint64_t)st.st_size > SIZE_MAX)
    rc = sa__err(SA_EOVERFLOW, NULL, "segment too large to map");
  if (rc == 0 && !(flags & SA_ATTACH_ANY_DTYPE) &&
      !sa_dtype_is_numeric(&m.dtype))
    rc = sa__err(SA_EDTYPE, NULL, SA__NOT_NUMERIC, m.dtype.descr);
  /* Checked on the open descriptor: what is mapped is what was checked. */
  if (rc == 0 && owner >= 0 && (long long)st.st_uid != owner)
    rc = sa__err(SA_EOWNER, NULL, "owned by uid %lu, expected uid %lld",
                 (unsigned long)st.st_uid, owner);
  if (rc < 0) {
    close(fd);
    return sa__err_prefix(n.display);
  }
  len = (size_t)st.st_size;
  prot = ro ? PROT_READ : PROT_READ | PROT_WRITE;
  /* A SharedArray 3.x segment (data at 0, then its trailer): map the data
   * only, so that no write reaches the trailer; an empty one, read-only. */
  if (m.format != SA_FORMAT_NPY && m.nbytes > 0)
    len = (size_t)m.nbytes;
  else if (m.format != SA_FORMAT_NPY)
    prot = PROT_READ;
  map = mmap(NULL, len, prot,
             MAP_SHARED | ((flags & SA_ATTACH_POPULATE) ? MAP_POPULATE : 0),
             fd, 0);
  if (map == MAP_FAILED) {
    err = -errno;
    close(fd);
    return sa__err(err, n.display, NULL);
  }
  *out = sa__new(n.display, map, len, &m, ro, &st);
  if (*out == NULL) {
    close(fd);
    munmap(map, len);
    return sa__err(-ENOMEM, n.display, NULL);
  }
  /* A trailer, if the segment is long enough for one: no system call
   * unless a read-only attach needs the trailer's page(s) writable. */
  if (m.format == SA_FORMAT_NPY)
    sa__trail_attach(*out, fd, (uint64_t)st.st_size);
  close(fd);
  return 0;
}

int sa_attach(const char *name, unsigned flags, sa_array **out) {
  return sa__attach(name, flags, -1, NULL, out);
}

int sa_attach_same(const char *name, unsigned flags, uint64_t dev,
                   uint64_t ino, sa_array **out) {
  struct stat want;
  memset(&want, 0, sizeof want);
  want.st_dev = (dev_t)dev;
  want.st_ino = (ino_t)ino;
  return sa__attach(name, flags, -1, &want, out);
}

int sa_identity(const sa_array *a, uint64_t *dev, uint64_t *ino) {
  if (a == NULL || dev == NULL || ino == NULL)
    return sa__err(SA_EARG, "sa_identity", "NULL argument");
  *dev = (uint64_t)a->dev;
  *ino = (uint64_t)a->ino;
  return 0;
}

int sa_name_refers(const sa_array *a) {
  sa__name n;
  struct stat st;
  int rc;
  if (a == NULL)
    return sa__err(SA_EARG, "array", "NULL");
  if ((rc = sa__name_parse(a->name, &n)) < 0)
    return rc;
  if ((rc = sa__name_stat(&n, &st)) < 0)
    return sa__err(rc, a->name, rc == -ENOENT ? "the name is gone" : NULL);
  if (st.st_dev != a->dev || st.st_ino != a->ino)
    return sa__err(-ENOENT, a->name, "the name now refers to another "
                   "segment");
  return 0;
}

int sa_attach_owner(const char *name, unsigned flags, unsigned uid,
                    sa_array **out) {
  if (uid == SA_OWNER_ANY) /* (uid_t)-1 is no uid: no explicit check */
    return sa_attach(name, flags, out);
  if (flags & SA_ATTACH_OWNED) {
    if (out != NULL) *out = NULL;
    return sa__err(SA_EARG, "flags", "SA_ATTACH_OWNED with an explicit uid");
  }
  return sa__attach(name, flags, (long long)uid, NULL, out);
}

int sa_unlink(const sa_array *a) {
  sa__name n;
  struct stat want;
  int rc;
  if (a == NULL)
    return sa__err(SA_EARG, "array", "NULL");
  if ((rc = sa__name_parse(a->name, &n)) < 0)
    return rc;
  memset(&want, 0, sizeof want);
  want.st_dev = a->dev;
  want.st_ino = a->ino;
  if ((rc = sa__name_unlink_if(&n, &want)) < 0)
    return sa__err(rc, a->name, rc == -ENOENT ? "the name no longer refers "
                   "to this array's segment" : NULL);
  return 0;
}

int sa_populate(sa_array *a, uint64_t off, uint64_t len) {
  unsigned char *p, *end;
  uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
  if (a == NULL)
    return sa__err(SA_EARG, "array", "NULL");
  if (off >= a->meta.nbytes)
    return 0;
  if (len > a->meta.nbytes - off)
    len = a->meta.nbytes - off;
  p = a->data + off;
  end = p + len;
  /* round out to whole pages inside the mapping */
  p = (unsigned char *)((uintptr_t)p & ~(page - 1));
#ifdef MADV_POPULATE_WRITE
  if (madvise(p, (size_t)(end - p),
              a->readonly ? MADV_POPULATE_READ : MADV_POPULATE_WRITE) == 0)
    return 0;
  if (errno != EINVAL) /* EINVAL: a kernel older than 5.14 */
    return sa__err(-errno, a->name, "populate");
#endif
  /* Touch one byte per page: a read for read-only mappings; for writable
   * ones an atomic add of zero, which faults the page in for writing
   * without changing what another process may be writing there. */
  for (; p < end; p += page) {
    if (a->readonly)
      (void)*(volatile unsigned char *)p;
    else
      __atomic_fetch_add(p, 0, __ATOMIC_RELAXED);
  }
  return 0;
}

void sa_release(sa_array *a) {
  if (a == NULL) return;
  /* A handle freed while its lock is held (a finalizer, a closed handle)
   * would leave every other process waiting: give it back, if this thread
   * is the one holding it (sa__lock_give_back). */
  if (a->lock_held)
    sa__lock_give_back(a);
  sa__trail_release(a);
  munmap(a->map, a->maplen);
  free(a);
}

/* A segment that starts with the .npy magic may still be one SharedArray
 * 3.x made, whose data happens to begin with those bytes (a uint8 array
 * holding a .npy file): a valid 3.x trailer that fills the segment to the
 * byte settles it. Looked for only when the .npy reading failed, or left at
 * least a trailer's worth of bytes after the data: never for our own
 * segments or numpy's files, which end with their data. rc is the .npy
 * verdict on head (k bytes) for a segment of size bytes; it is returned,
 * message and all, when there is no 3.x trailer. */
static int sa__npy_or_3x(int fd, const unsigned char *head, size_t k,
                         int ours_only, int rc, uint64_t size, sa_meta *m,
                         struct stat *st) {
  sa_meta m3;
  struct stat st3;
  if (rc == SA_EINCOMPLETE) /* a create in progress, or its remains */
    return rc;
  if (rc == 0 && (ours_only || size - m->data_offset - m->nbytes <
                                   SA__SA3_MINLEN))
    return 0;
  memset(&st3, 0, sizeof st3);
  if (sa__legacy3x_read(fd, head, k, ours_only, &m3, &st3) == 0) {
    *m = m3;
    *st = st3;
    return 0;
  }
  if (rc == 0)
    return 0;
  return sa_header_parse(head, k, size, &m3); /* its message again */
}

/* Read and validate the header of an open segment without mapping it:
 * pread the first page, then fstat, in this order. A creator publishes the
 * magic only once the segment has its final size, so a size read after
 * seeing the magic is final (docs/format.md, section 8); the acquire fence
 * pairs with the creator's publishing write. A header longer than a page is
 * read whole into a buffer: never parsed inside a mapping, which another
 * process could truncate under us. With ours_only, rule 9 (the data fits)
 * is not checked: the header alone says whether the segment is ours. */
int sa__read_meta(int fd, int ours_only, sa_meta *m, struct stat *st) {
  unsigned char small[SA_DATA_OFFSET], *big;
  ssize_t k;
  uint64_t size, want;
  int rc;
  do k = pread(fd, small, sizeof small, 0); while (k < 0 && errno == EINTR);
  if (k < 0) {
    rc = -errno;
    if (fstat(fd, st) == 0 && !S_ISREG(st->st_mode))
      return sa__err(S_ISDIR(st->st_mode) ? -EISDIR : SA_EMAGIC, NULL,
                     "not a regular file");
    return sa__err(rc, NULL, NULL);
  }
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
  if (ours_only && k == 0) {
    /* empty when read: nothing shows it is ours, whatever it grows into */
    st->st_size = 0;
    st->st_mode = S_IFREG;
    return sa__err(SA_EINCOMPLETE, NULL, "the segment is empty");
  }
  if (ours_only) {
    /* deciding a delete needs no size: save the fstat unless the header
     * is longer than what was read */
    rc = sa_header_parse(small, (size_t)k, UINT64_MAX, m);
    if (rc == SA_EMAGIC) /* not .npy: perhaps SharedArray 3.x made it */
      return sa__legacy3x_read(fd, small, (size_t)k, 1, m, st);
    if (!(rc == SA_ETRUNC && (size_t)k == sizeof small)) {
      st->st_size = k;
      st->st_mode = S_IFREG;
      return rc < 0 ? sa__npy_or_3x(fd, small, (size_t)k, 1, rc, UINT64_MAX,
                                    m, st)
                    : rc;
    }
  }
  if (fstat(fd, st) < 0)
    return sa__err(-errno, NULL, NULL);
  if (!S_ISREG(st->st_mode))
    return sa__err(SA_EMAGIC, NULL, "not a regular file");
  if (st->st_size <= 0 && k > 0) /* e.g. /proc files: content, no size */
    return sa__err(SA_EMAGIC, NULL, "a file without a size");
  if (st->st_size <= 0)
    return sa__err(SA_EINCOMPLETE, NULL, "the segment is empty");
  if ((size_t)k < sizeof small && k < st->st_size)
    return sa__err(SA_EINCOMPLETE, NULL, "the segment grew while read");
  size = ours_only ? UINT64_MAX : (uint64_t)st->st_size;
  rc = sa_header_parse(small, (size_t)k, size, m);
  if (rc == SA_EMAGIC) /* not .npy: perhaps SharedArray 3.x made it */
    return sa__legacy3x_read(fd, small, (size_t)k, ours_only, m, st);
  if (rc != SA_ETRUNC || (size_t)k != sizeof small)
    return sa__npy_or_3x(fd, small, (size_t)k, ours_only, rc, size, m, st);
  /* the header may be longer than one page: read it whole, once */
  want = sa__header_end(small);
  if (want > (uint64_t)st->st_size)
    return sa__err(SA_ETRUNC, NULL, "the header needs %llu bytes, the segment "
                   "has %llu", (unsigned long long)want,
                   (unsigned long long)st->st_size);
  if (want <= sizeof small)
    return rc;
  if ((big = malloc((size_t)want)) == NULL)
    return sa__err(-ENOMEM, NULL, NULL);
  do k = pread(fd, big, (size_t)want, 0); while (k < 0 && errno == EINTR);
  rc = k < 0 ? sa__err(-errno, NULL, NULL)
             : sa_header_parse(big, (size_t)k, size, m);
  free(big);
  return rc;
}

int sa_info_get(const char *name, sa_info *out) {
  sa__name n;
  struct stat st;
  int fd, rc;
  if (out == NULL)
    return sa__err(SA_EARG, "out", "NULL");
  if ((rc = sa__name_parse(name, &n)) < 0)
    return rc;
  fd = sa__name_open(&n, O_RDONLY, 0);
  if (fd < 0)
    return sa__err(fd, n.display, NULL);
  rc = sa__read_meta(fd, 0, &out->meta, &st);
  if (rc == 0)
    sa__trail_info(fd, (uint64_t)st.st_size, out);
  close(fd);
  if (rc < 0)
    return sa__err_prefix(n.display);
  memcpy(out->name, n.display, strlen(n.display) + 1);
  out->size = (uint64_t)st.st_size;
  out->mode = (unsigned)st.st_mode & 07777u;
  out->uid = (unsigned)st.st_uid;
  out->dev = (uint64_t)st.st_dev;
  out->ino = (uint64_t)st.st_ino;
  return 0;
}

/* Delete a file:// array with its directory pinned: the file that is
 * checked is the file that is unlinked, even if a directory on the path is
 * swapped for a symlink meanwhile (a privileged delete must not be steered
 * to another file). The last component is never followed. */
static int sa__delete_file(const sa__name *n, int force) {
  const char *base;
  struct stat st, mine;
  sa_meta m;
  int dfd, fd, rc;
  if ((dfd = sa__name_dir(n, &base)) < 0)
    return sa__err(dfd, n->display, "its directory");
  if (force) {
    rc = sa__name_unlink_at(dfd, base, NULL);
    close(dfd);
    return rc < 0 ? sa__err(rc, n->display, NULL) : 0;
  }
  fd = openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    rc = -errno;
    close(dfd);
    if (rc == -ELOOP)
      return sa__err(rc, n->display, "a symbolic link: delete the array by "
                     "its own path");
    return sa__err(rc, n->display, NULL);
  }
  memset(&st, 0, sizeof st);
  rc = sa__read_meta(fd, 1, &m, &st);
  if (!(rc < 0 && !(rc == SA_EINCOMPLETE && st.st_size > 0)) &&
      fstat(fd, &mine) < 0)
    rc = sa__err(-errno, NULL, NULL);
  close(fd);
  if (rc < 0 && !(rc == SA_EINCOMPLETE && st.st_size > 0)) {
    close(dfd);
    if (rc == SA_EINCOMPLETE)
      sa__err(rc, NULL, "the segment is empty (use force)");
    sa__err_prefix(n->display);
    return sa__err_prefix("refusing to delete");
  }
  if (sa__create_hook) sa__create_hook(3);
  rc = sa__name_unlink_at(dfd, base, &mine);
  close(dfd);
  if (rc == -ENOENT)
    return sa__err(rc, n->display, "it was replaced while being checked; "
                   "nothing was deleted");
  return rc < 0 ? sa__err(rc, n->display, NULL) : 0;
}

int sa_delete(const char *name, unsigned flags) {
  sa__name n;
  sa_meta m;
  struct stat st;
  int fd, rc;
  const int force = (flags & SA_DELETE_FORCE) != 0;
  if (flags & ~(unsigned)SA_DELETE_FORCE)
    return sa__err(SA_EARG, NULL, "sa_delete: unknown flags 0x%x",
                   flags & ~(unsigned)SA_DELETE_FORCE);
  if ((rc = sa__name_parse(name, &n)) < 0)
    return rc;
  if (n.kind == SA__FILE)
    return sa__delete_file(&n, force);
  /* shm: /dev/shm holds no directories and is sticky, so only the owner of
   * an object can replace it between the check and the unlink. */
  if (!force) {
    fd = sa__name_open(&n, O_RDONLY, 0);
    if (fd < 0)
      return sa__err(fd, n.display, NULL);
    /* Ours: a valid header (even if the data was truncated), or a segment
     * being created (or left by a creator that died) whose header text is
     * there. An empty object could be anyone's: that needs force. */
    memset(&st, 0, sizeof st);
    rc = sa__read_meta(fd, 1, &m, &st);
    close(fd);
    if (rc < 0 && !(rc == SA_EINCOMPLETE && st.st_size > 0)) {
      if (rc == SA_EINCOMPLETE)
        sa__err(rc, NULL, "the segment is empty (use force)");
      sa__err_prefix(n.display);
      return sa__err_prefix("refusing to delete");
    }
  }
  if ((rc = sa__name_unlink(&n)) < 0)
    return sa__err(rc, n.display, NULL);
  return 0;
}

/* ------------------------------------------------------------ accessors */

void *sa_data(const sa_array *a) { return a->data; }
uint64_t sa_nbytes(const sa_array *a) { return a->meta.nbytes; }
uint64_t sa_nitems(const sa_array *a) { return a->meta.nitems; }
int sa_ndim(const sa_array *a) { return a->meta.ndim; }
const int64_t *sa_shape(const sa_array *a) { return a->meta.shape; }
const char *sa_descr(const sa_array *a) { return a->meta.dtype.descr; }
int sa_itemsize(const sa_array *a) { return a->meta.dtype.itemsize; }
char sa_order(const sa_array *a) { return a->meta.order; }
int sa_readonly(const sa_array *a) { return a->readonly; }
const char *sa_name(const sa_array *a) { return a->name; }
const sa_meta *sa_get_meta(const sa_array *a) { return &a->meta; }
unsigned sa_mode(const sa_array *a) { return a->mode; }
unsigned sa_uid(const sa_array *a) { return a->uid; }

/* ---------------------------------------------------- memory operations */

_Static_assert(SA_MS_ASYNC == MS_ASYNC && SA_MS_SYNC == MS_SYNC &&
               SA_MS_INVALIDATE == MS_INVALIDATE, "SA_MS_* are the MS_*");

int sa_msync(sa_array *a, int flags) {
  /* msync(2)'s own rules (so code written for SharedArray 3.x, which passed
   * flags straight through, behaves the same), checked here to name them. */
  if ((flags & ~(SA_MS_ASYNC | SA_MS_SYNC | SA_MS_INVALIDATE)) ||
      (flags & (SA_MS_ASYNC | SA_MS_SYNC)) == (SA_MS_ASYNC | SA_MS_SYNC))
    return sa__err(-EINVAL, a->name, "msync: invalid flags %d (use "
                   "MS_ASYNC or MS_SYNC, optionally | MS_INVALIDATE)", flags);
  if (msync(a->map, a->maplen, flags) < 0)
    return sa__err(-errno, a->name, "msync");
  return 0;
}

int sa_mlock(sa_array *a) {
  if (mlock(a->map, a->maplen) < 0)
    return sa__err(-errno, a->name, "mlock");
  return 0;
}

int sa_munlock(sa_array *a) {
  if (munlock(a->map, a->maplen) < 0)
    return sa__err(-errno, a->name, "munlock");
  return 0;
}

/* ------------------------------------------------------ element access */

int sa_flat_index(const sa_array *a, int nidx, const int64_t *idx,
                  uint64_t *flat) {
  const sa_meta *m = &a->meta;
  uint64_t f = 0;
  int k;
  if (nidx != m->ndim)
    return sa__err(SA_EINDEX, a->name, "%d indices for %d dimensions", nidx,
                   m->ndim);
  for (k = 0; k < nidx; k++) {
    int d = m->order == 'F' ? nidx - 1 - k : k; /* most to least significant */
    if (idx[d] < 0 || idx[d] >= m->shape[d])
      return sa__err(SA_EINDEX, a->name, "index %lld of dimension %d (size "
                     "%lld)", (long long)idx[d], d + 1, (long long)m->shape[d]);
    f = f * (uint64_t)m->shape[d] + (uint64_t)idx[d];
  }
  *flat = f;
  return 0;
}

int sa_load(const sa_array *a, uint64_t flat, sa_value *out) {
  if (!sa_dtype_is_numeric(&a->meta.dtype))
    return sa__err(SA_EDTYPE, a->name, "'%.60s': no element access for a "
                   "dtype that is not numeric", a->meta.dtype.descr);
  if (flat >= a->meta.nitems)
    return sa__err(SA_EINDEX, a->name, "flat index %llu of %llu",
                   (unsigned long long)flat,
                   (unsigned long long)a->meta.nitems);
  sa_value_load(&a->meta.dtype, a->data + flat * (uint64_t)a->meta.dtype.itemsize,
                out);
  return 0;
}

int sa_store(sa_array *a, uint64_t flat, const sa_value *v) {
  int rc;
  if (a->readonly)
    return sa__err(SA_EREADONLY, a->name, NULL);
  if (flat >= a->meta.nitems)
    return sa__err(SA_EINDEX, a->name, "flat index %llu of %llu",
                   (unsigned long long)flat,
                   (unsigned long long)a->meta.nitems);
  rc = sa_value_store(&a->meta.dtype,
                      a->data + flat * (uint64_t)a->meta.dtype.itemsize, v);
  if (rc < 0)
    return sa__err(rc, a->name, "dtype %s", a->meta.dtype.descr);
  return 0;
}
