/*
 * readfloor — the least work any tool must do to look at a backlog.
 *
 *	readfloor <dir>
 *
 * Walks <dir>/backlog/stories recursively, opens every regular file and
 * reads it to the end with read(2), then prints
 *
 *	files=<count> bytes=<total>
 *
 * The benchmark divides prio's times by this one: whatever prio does on
 * top of reading the files (parsing, sorting, checking, printing) is the
 * ratio's excess over 1.  Symbolic links are not followed, the same as a
 * careful tool must not.  Standalone: libc only.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char		buf[65536];	/* every file is read into this */
static uintmax_t	nfiles, nbytes;

static void
die(const char *what, const char *name)
{
	fprintf(stderr, "readfloor: cannot %s %s: %s\n", what, name,
	    strerror(errno));
	exit(1);
}

/* Reads the open file fd to the end; closes it. */
static void
read_all(int fd, const char *name)
{
	ssize_t	n;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n == 0)
			break;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			die("read", name);
		}
		nbytes += (uintmax_t)n;
	}
	close(fd);
	nfiles++;
}

/* Walks the directory open as dfd (which it closes), relative opens only. */
static void
walk(int dfd, const char *name)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	int		 fd, isdir, isreg;

	if ((d = fdopendir(dfd)) == NULL)
		die("opendir", name);
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
		    (de->d_name[1] == '.' && de->d_name[2] == '\0')))
			continue;
		isdir = de->d_type == DT_DIR;
		isreg = de->d_type == DT_REG;
		if (de->d_type == DT_UNKNOWN) {
			if (fstatat(dirfd(d), de->d_name, &st,
			    AT_SYMLINK_NOFOLLOW) == -1)
				die("stat", de->d_name);
			isdir = S_ISDIR(st.st_mode);
			isreg = S_ISREG(st.st_mode);
		}
		if (isdir) {
			fd = openat(dirfd(d), de->d_name,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (fd == -1)
				die("open", de->d_name);
			walk(fd, de->d_name);
		} else if (isreg) {
			fd = openat(dirfd(d), de->d_name,
			    O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
			if (fd == -1)
				die("open", de->d_name);
			read_all(fd, de->d_name);
		}
	}
	if (errno != 0)
		die("readdir", name);
	closedir(d);
}

int
main(int argc, char *argv[])
{
	char	path[4096];
	int	fd;

	if (argc != 2) {
		fprintf(stderr, "usage: readfloor <dir>\n");
		return 2;
	}
	if (snprintf(path, sizeof(path), "%s/backlog/stories", argv[1]) >=
	    (int)sizeof(path)) {
		fprintf(stderr, "readfloor: directory name too long\n");
		return 2;
	}
	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		die("open", path);
	walk(fd, path);
	printf("files=%ju bytes=%ju\n", nfiles, nbytes);
	return 0;
}
