/*
 * Whole files for the CLI: read one at once, write one over another
 * atomically (a temporary file and a rename).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "prio/buf.h"

/*
 * Reads the whole file at path into *out.  A file that is not there is
 * empty (git passes an empty base when both sides added the file).
 * Returns 0, or -1 with errno set.
 */
int
cli_read_whole(const char *path, struct prio_buf *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc, err;

	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	rc = prio_buf_read_fd(out, fd);
	err = errno;
	close(fd);
	errno = err;
	return rc;
}

/* Writes data over path through a temporary file and a rename, so ours
 * is never left half-written.  Returns 0, or -1 with errno set. */
int
cli_write_whole(const char *path, const char *data, size_t len)
{
	char *tmp = prio_xasprintf("%s.prio-XXXXXX", path);
	struct stat st;
	size_t off = 0;
	ssize_t n;
	int fd = mkstemp(tmp), saved;

	if (fd < 0) {
		free(tmp);
		return -1;
	}
	while (off < len) {
		if ((n = write(fd, data + off, len - off)) < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)n;
	}
	if (fchmod(fd, stat(path, &st) == 0 ? st.st_mode & 07777 : 0644) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto fail;
	free(tmp);
	return 0;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	errno = saved;
	return -1;
}
