/*
 * prio — the command-line front end.  main() handles what every command
 * shares: -C, --help, repository discovery, the pager and the exit code;
 * each command is one table row and one cmd_<name>.c file.
 */
#include <errno.h>
#include <malloc.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_out.h"
#include "prio/error.h"

static const struct cmd *const commands[] = {
	&cmd_accept,
	&cmd_board,
	&cmd_check,
	&cmd_completion,
	&cmd_diff,
	&cmd_hook,
	&cmd_init,
	&cmd_list,
	&cmd_log,
	&cmd_mcp,
	&cmd_merge_file,
	&cmd_move,
	&cmd_new,
	&cmd_plan,
	&cmd_rank,
	&cmd_reid,
	&cmd_reject,
	&cmd_renumber,
	&cmd_report,
	&cmd_rerank,
	&cmd_resolve,
	&cmd_serve,
	&cmd_set,
	&cmd_show,
	&cmd_stats,
	&cmd_tick,
	NULL
};
const struct cmd *const *const cli_commands = commands;

static void
print_main_help(FILE *f)
{
	size_t i, width = 0;

	for (i = 0; commands[i]; i++)
		if (strlen(commands[i]->name) > width)
			width = strlen(commands[i]->name);
	fprintf(f, "usage: prio [-C <dir>] <command> [<args>]\n\n"
	    "prio keeps a ranked product backlog as Markdown stories in "
	    "backlog/stories/\nof a git repository.  Commands:\n\n");
	for (i = 0; commands[i]; i++)
		fprintf(f, "   %-*s %s\n", (int)width, commands[i]->name,
		    commands[i]->summary);
	fprintf(f, "\nGlobal options:\n");
	cli_opt_print_help(f, cli_global_opts, 3, 16);
	fprintf(f, "\nExit status: 0 success, 1 check failed or refused, 2 usage or "
	    "no backlog,\n3 unexpected failure.\n");
}

static void
print_cmd_help(const struct cmd *c)
{
	printf("usage: prio %s %s\n\n%s.\n\n", c->name, c->usage,
	    c->summary);
	if (c->help)
		printf("%s\n", c->help);
	if (c->opts) {
		printf("Options:\n");
		cli_opt_print_help(stdout, c->opts, 2,
		    c->help_column ? c->help_column : 19);
	}
	if (c->epilog)
		printf("\n%s", c->epilog);
}

const struct cmd *
cli_find_command(const char *name)
{
	size_t i;

	for (i = 0; commands[i]; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

static bool
wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	return false;
}

static int
run_command(const struct cmd *c, int argc, char **argv,
    const struct cli_globals *g)
{
	struct cli cli = { .cmd = c, .out = stdout };
	int rc;

	if ((c->flags & CMD_NEEDS_REPO) && (rc = cli_open_repository(&cli)) != 0)
		return rc;
	if ((rc = cli_setup_output(&cli, g)) != EXIT_OK)
		goto out;
	rc = c->run(&cli, argc, argv);
	rc = cli_end_pager(&cli, rc);
out:
	prio_backlog_free(cli.backlog);
	prio_source_free(cli.source);
	prio_diags_free(&cli.diags);
	git_repository_free(cli.repo);
	return rc;
}

/* How the Makefile linked libgit2 and the other libraries (LINK). */
#ifdef PRIO_LINK_STATIC
#define LINKED "linked in"
#else
#define LINKED "shared libraries"
#endif

/* With PRIO_TRACE, --version also says which libgit2 prio runs on, and
 * how it is linked (tests/cli/t0400 checks that against the binary). */
static void
trace_libraries(void)
{
	int major = 0, minor = 0, rev = 0;

	git_libgit2_version(&major, &minor, &rev);
	cli_trace(1, "libgit2 %d.%d.%d, %s", major, minor, rev,
	    LINKED);
}

/*
 * Handles the options before the command, as git does: -C <dir>, -h,
 * --version, --no-pager and --color[=<when>] (into g).  Returns the
 * index of the command, or -1 with *exit_code set.
 */
static int
global_options(int argc, char **argv, struct cli_globals *g, int *exit_code)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-C") == 0 || strncmp(argv[i], "-C", 2) == 0) {
			const char *dir = argv[i][2] ? argv[i] + 2 :
			    (i + 1 < argc ? argv[++i] : NULL);

			if (dir == NULL) {
				cli_error("-C needs a directory");
				*exit_code = EXIT_USAGE;
				return -1;
			}
			if (*dir && chdir(dir) != 0) {
				cli_error("cannot change to '%s': %s", dir,
				    strerror(errno));
				*exit_code = EXIT_USAGE;
				return -1;
			}
		} else if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			print_main_help(stdout);
			*exit_code = EXIT_OK;
			return -1;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("prio %s\n", PRIO_VERSION);
			trace_libraries();
			*exit_code = EXIT_OK;
			return -1;
		} else if (strcmp(argv[i], "--no-pager") == 0) {
			g->no_pager = true;
		} else if (strcmp(argv[i], "--color") == 0) {
			g->color = CLI_COLOR_ALWAYS;
		} else if (strncmp(argv[i], "--color=", 8) == 0) {
			if (!cli_color_when(argv[i] + 8, &g->color)) {
				cli_error("bad --color value '%s'; use auto, "
				    "always or never", argv[i] + 8);
				*exit_code = EXIT_USAGE;
				return -1;
			}
		} else {
			cli_error("unknown option '%s'; see 'prio --help'",
			    argv[i]);
			*exit_code = EXIT_USAGE;
			return -1;
		}
	}
	return i;
}

/*
 * A large backlog is read in phases (the folder listing, the stories,
 * libgit2's index and trees), each freeing megabytes the next could use.
 * By default glibc hands such blocks back to the kernel, and the next
 * phase takes a page fault on every fresh page again; on the virtual
 * machines we measure on a fault costs about 13 us, which made faults a
 * third of `prio move` at 10,000 stories.  A short-lived command is
 * better off keeping what it freed.
 */
static void
keep_freed_memory(void)
{
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

/*
 * As git does outside fsck, trust the object database: do not hash
 * every object again on read (prio log over 2,000 commits: 671 ->
 * 400 ms).
 */
static void
tune_libgit2(void)
{
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

static int
prio_main(int argc, char **argv)
{
	struct cli_globals g = { .color = CLI_COLOR_UNSET };
	const struct cmd *c;
	int rc = EXIT_USAGE, first;

	first = global_options(argc, argv, &g, &rc);
	if (first < 0)
		return rc;
	if (first >= argc) {
		print_main_help(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[first], "help") == 0) {
		if (first + 1 >= argc) {
			print_main_help(stdout);
			return EXIT_OK;
		}
		first++;
		if ((c = cli_find_command(argv[first])) == NULL) {
			cli_unknown_command(argv[first], commands);
			return EXIT_USAGE;
		}
		print_cmd_help(c);
		return EXIT_OK;
	}
	if ((c = cli_find_command(argv[first])) == NULL) {
		cli_unknown_command(argv[first], commands);
		return EXIT_USAGE;
	}
	if (wants_help(argc - first, argv + first)) {
		print_cmd_help(c);
		return EXIT_OK;
	}
	git_libgit2_init();
	tune_libgit2();
	rc = run_command(c, argc - first, argv + first, &g);
	git_libgit2_shutdown();
	return rc;
}

/* Whatever the command, output it could not write is an error (exit 3),
 * never exit 0 with the output lost. */
int
main(int argc, char **argv)
{
	cli_sanitize_fds();
	keep_freed_memory();
	return cli_output_status(stdout, prio_main(argc, argv));
}
