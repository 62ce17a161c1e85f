/*
 * measure — runs a command several times and reports its wall time and
 * peak memory.
 *
 *	measure [-w warmups] [-e codes] <runs> -- <cmd> [args...]
 *
 * Runs <cmd> `warmups` times unmeasured (default 0), then <runs> times,
 * one after another, with stdin, stdout and stderr on /dev/null, and
 * prints one line:
 *
 *	median_ms=<x> min_ms=<y> max_ms=<z> peak_rss_kib=<k> cpu_ms=<c>
 *
 * Wall time is per run, from just before fork to the return of wait4,
 * on CLOCK_MONOTONIC.  Peak RSS is the largest ru_maxrss that wait4
 * reports for any measured run.  cpu_ms is the median CPU time (user +
 * system) of a run, its own and that of the processes it waited for
 * (hooks, a shell's commands): on a shared machine, where wall time
 * also counts waiting for a core, it is the steadier figure.  A run is good when it exits with one of
 * `codes` (a comma-separated list, default "0"); otherwise measure says
 * which run failed and how, and exits 1 without a result line.
 * Standalone: libc only.
 */
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void
usage(void)
{
	fprintf(stderr, "usage: measure [-w warmups] [-e codes] <runs> -- "
	    "<cmd> [args...]\n");
	exit(2);
}

static long
number(const char *s, long min, long max, const char *what)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || n < min || n > max) {
		fprintf(stderr, "measure: %s must be %ld to %ld: '%s'\n", what,
		    min, max, s);
		exit(2);
	}
	return n;
}

/* Parses "0,1" into ok[]: ok[c] is 1 when exit code c is good. */
static void
parse_codes(char *ok, const char *list)
{
	char	 copy[1024], *tok, *save;

	if (strlen(list) >= sizeof(copy))
		usage();
	strcpy(copy, list);
	memset(ok, 0, 256);
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save))
		ok[number(tok, 0, 255, "an exit code")] = 1;
}

static double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/*
 * Runs argv once with its standard streams on /dev/null; kind and run
 * name the run in messages ("measured run 3").  Returns 0 and
 * sets *ms and *rss_kib when it exits with a good code; otherwise says
 * why on stderr and returns -1.
 */
static int
run_once(char **argv, const char *ok, const char *kind, int run, double *ms,
    double *cpu_ms, long *rss_kib)
{
	struct rusage	ru;
	double		start;
	pid_t		pid;
	int		status, fd;

	start = now_ms();
	switch (pid = fork()) {
	case -1:
		fprintf(stderr, "measure: fork: %s\n", strerror(errno));
		return -1;
	case 0:
		if ((fd = open("/dev/null", O_RDWR)) == -1)
			_exit(127);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
		execvp(argv[0], argv);
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) == -1) {
		if (errno != EINTR) {
			fprintf(stderr, "measure: wait4: %s\n",
			    strerror(errno));
			return -1;
		}
	}
	*ms = now_ms() - start;
	*rss_kib = ru.ru_maxrss;	/* KiB on Linux and the BSDs */
	*cpu_ms = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0 +
	    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;

	if (WIFSIGNALED(status)) {
		fprintf(stderr, "measure: %s run %d of %s: killed by signal "
		    "%d\n", kind, run, argv[0], WTERMSIG(status));
		return -1;
	}
	if (!WIFEXITED(status) || !ok[WEXITSTATUS(status)]) {
		fprintf(stderr, "measure: %s run %d of %s: exit code %d%s\n",
		    kind, run, argv[0], WEXITSTATUS(status),
		    WEXITSTATUS(status) == 127 ? " (command not found?)" : "");
		return -1;
	}
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts v (n > 0) and returns its median. */
static double
median_of(double *v, long n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int
main(int argc, char *argv[])
{
	char	 ok[256];
	double	*ms, *cpu, median, cpu_median;
	long	 runs, warmups = 0, rss, peak = 0;
	int	 ch, i;

	memset(ok, 0, sizeof(ok));
	ok[0] = 1;
	/* '+': stop at the first operand, as POSIX getopt does. */
	while ((ch = getopt(argc, argv, "+w:e:")) != -1) {
		switch (ch) {
		case 'w':
			warmups = number(optarg, 0, 1000, "warmups");
			break;
		case 'e':
			parse_codes(ok, optarg);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 3 || strcmp(argv[1], "--") != 0)
		usage();
	runs = number(argv[0], 1, 100000, "runs");
	argv += 2;

	ms = calloc((size_t)runs, sizeof(*ms));
	cpu = calloc((size_t)runs, sizeof(*cpu));
	if (ms == NULL || cpu == NULL) {
		fprintf(stderr, "measure: out of memory\n");
		return 1;
	}
	for (i = 0; i < warmups; i++)
		if (run_once(argv, ok, "warm-up", i + 1, &ms[0], &cpu[0],
		    &rss) == -1)
			return 1;
	for (i = 0; i < runs; i++) {
		if (run_once(argv, ok, "measured", i + 1, &ms[i], &cpu[i],
		    &rss) == -1)
			return 1;
		if (rss > peak)
			peak = rss;
	}

	median = median_of(ms, runs);
	cpu_median = median_of(cpu, runs);
	printf("median_ms=%.2f min_ms=%.2f max_ms=%.2f peak_rss_kib=%ld "
	    "cpu_ms=%.2f\n", median, ms[0], ms[runs - 1], peak, cpu_median);
	free(ms);
	free(cpu);
	return 0;
}
