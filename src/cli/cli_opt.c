/*
 * cli_opt.c — option tables (cli_opt.h): getopt_long's arguments and
 * --help's "Options:" from one table.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const struct cli_opt cli_help_opts[] = {
	{ 'h', 'h', "help", CLI_ARG_NONE, NULL,
	    .help = "show help; 'prio <command> --help' for one command" },
	{ 0 }
};

const struct cli_opt cli_global_opts[] = {
	{ 'C', 'C', NULL, CLI_ARG_REQUIRED, "<dir>",
	    .help = "run as if started in <dir>", .complete = CLI_COMPLETE_DIR },
	{ .include = cli_help_opts },
	{ OPT_VERSION, 0, "version", CLI_ARG_NONE, NULL,
	    .help = "print the version" },
	{ OPT_NO_PAGER, 0, "no-pager", CLI_ARG_NONE, NULL,
	    .help = "do not page the output" },
	{ OPT_COLOR, 0, "color", CLI_ARG_OPTIONAL, "<when>",
	    .help = "when to colour: auto, always or never\n"
	    "(auto, the default: only on a terminal)",
	    .complete = CLI_COMPLETE_WORDS, .words = "auto always never" },
	{ 0 }
};

const struct cli_opt *
cli_opt_next(const struct cli_opt *table, size_t *pos)
{
	const struct cli_opt *o;
	size_t i = 0, sub;

	/* *pos counts the rows returned so far, included ones too. */
	for (o = table; o && (o->value || o->include); o++) {
		if (o->include == NULL) {
			if (i++ == *pos) {
				(*pos)++;
				return o;
			}
			continue;
		}
		for (sub = 0; o->include[sub].value; sub++)
			if (i++ == *pos) {
				(*pos)++;
				return &o->include[sub];
			}
	}
	return NULL;
}

static void
build(struct cli_getopt *g, const struct cmd *cmd)
{
	static const char *const orders[] = { "", "-", "+" };
	const struct cli_opt *o;
	size_t pos = 0, n = 0, len;

	len = strlen(strcpy(g->shorts, orders[cmd->args_order]));
	g->shorts[len++] = ':';
	while ((o = cli_opt_next(cmd->opts, &pos)) != NULL) {
		if (n == CLI_OPT_MAX)
			abort();        /* raise CLI_OPT_MAX */
		if (o->short_name) {
			g->shorts[len++] = o->short_name;
			if (o->arg != CLI_ARG_NONE)
				g->shorts[len++] = ':';
			if (o->arg == CLI_ARG_OPTIONAL)
				g->shorts[len++] = ':';
		}
		if (o->long_name)
			g->longopts[n++] = (struct option){ o->long_name,
			    o->arg == CLI_ARG_NONE ? no_argument :
			    o->arg == CLI_ARG_REQUIRED ? required_argument :
			    optional_argument, NULL, o->value };
	}
	g->shorts[len] = '\0';
	g->longopts[n] = (struct option){ NULL, 0, NULL, 0 };
}

int
cli_getopt(struct cli *cli, struct cli_getopt *g, int argc, char **argv)
{
	if (!g->ready) {
		build(g, cli->cmd);
		g->ready = true;
		optind = 0;
		opterr = 0;
	}
	return getopt_long(argc, argv, g->shorts, g->longopts, NULL);
}

static bool
is_short(const struct cli_opt *table, int c)
{
	const struct cli_opt *o;
	size_t pos = 0;

	while ((o = cli_opt_next(table, &pos)) != NULL)
		if (o->short_name && o->short_name == c)
			return true;
	return false;
}

int
cli_bad_option(struct cli *cli, int c, char **argv)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		return cli_usage_error(cli, "option '%s' needs a value", arg);
	if (optopt == 0)
		return cli_usage_error(cli, "unknown option '%s'", arg);
	if (optopt < 0x100 && !is_short(cli->cmd->opts, optopt))
		return cli_usage_error(cli, "unknown option '-%c'", optopt);
	return cli_usage_error(cli, "option '%.*s' takes no value",
	    (int)strcspn(arg, "="), arg);
}

void
cli_opt_label(const struct cli_opt *o, char *buf, size_t size)
{
	const char *name = o->arg_name ? o->arg_name : "<value>";
	int n = 0;

	buf[0] = '\0';
	if (o->short_name)
		n = snprintf(buf, size, "-%c%s", o->short_name,
		    o->long_name ? ", " : "");
	if (o->long_name)
		n += snprintf(buf + n, size - n, "--%s", o->long_name);
	if (o->arg == CLI_ARG_REQUIRED)
		snprintf(buf + n, size - n, " %s", name);
	else if (o->arg == CLI_ARG_OPTIONAL)
		snprintf(buf + n, size - n, o->long_name ? "[=%s]" : "[%s]",
		    name);
}

void
cli_opt_print_help(FILE *f, const struct cli_opt *table, int indent,
    int column)
{
	const struct cli_opt *o;
	const char *line, *end;
	char label[128];
	size_t pos = 0;
	int n;

	while ((o = cli_opt_next(table, &pos)) != NULL) {
		cli_opt_label(o, label, sizeof label);
		n = fprintf(f, "%*s%s", indent, "", label);
		if (n >= column) {
			fputc('\n', f);
			n = 0;
		}
		for (line = o->help; line; line = end ? end + 1 : NULL) {
			end = strchr(line, '\n');
			fprintf(f, "%*s%.*s\n", column - n, "",
			    end ? (int)(end - line) : (int)strlen(line), line);
			n = 0;
		}
	}
}
