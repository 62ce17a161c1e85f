/*
 * prio completion — a shell completion script, written from the option
 * tables (cli_opt.h).
 *
 * Each shell's script is its hand-written part (contrib/completion/
 * prio.bash.in, _prio.in, prio.fish.in, compiled in), with what the
 * tables say (the commands, their options, what completes each value and
 * operand) written where the line @PRIO_TABLES@ stands.  So a new option
 * is completed once it is in its command's table, and the test suite
 * holds --help, the man pages and the completions to `--list`, the
 * tables as tab-separated lines.
 */
#include <string.h>

#include "cli.h"

extern const char prio_completion_bash[];
extern const char prio_completion_zsh[];
extern const char prio_completion_fish[];

#define MARK "@PRIO_TABLES@\n"

/* `prio help <command>` is not a command of the table. */
static const struct cli_operand help_operands[] = {
	{ "command", .complete = CLI_COMPLETE_COMMAND },
	{ 0 }
};

/* The kind of a value as --list and the bash script name it. */
static const char *
kind_name(enum cli_complete k)
{
	static const char *const names[] = {
		[CLI_COMPLETE_NONE] = "none",
		[CLI_COMPLETE_ID] = "id",
		[CLI_COMPLETE_DONE_ID] = "done-id",
		[CLI_COMPLETE_ID_OR_FILE] = "id-or-file",
		[CLI_COMPLETE_STATUS] = "status",
		[CLI_COMPLETE_REF] = "ref",
		[CLI_COMPLETE_FILE] = "file",
		[CLI_COMPLETE_DIR] = "dir",
		[CLI_COMPLETE_WORDS] = "words",
		[CLI_COMPLETE_COMMAND] = "command",
	};

	return names[k];
}

/*
 * How much of an option's help describes it in a menu: its first line,
 * up to a "; " or an unclosed " (", without a trailing ':' or ','.
 */
static int
first_line(const char *help)
{
	const char *semi, *paren;
	int n = (int)strcspn(help, "\n");

	if ((semi = strstr(help, "; ")) != NULL && semi - help < n)
		n = (int)(semi - help);
	paren = memchr(help, '(', (size_t)n);
	if (paren && memchr(paren, ')', (size_t)(n - (paren - help))) == NULL)
		n = (int)(paren - help);
	while (n > 0 && strchr(" :,", help[n - 1]))
		n--;
	return n;
}

/* s written inside single quotes: ' becomes '\'' (sh, zsh) or \' (fish);
 * zsh's _arguments also needs [ ] : escaped in a description. */
static void
put_quoted(FILE *f, const char *s, int len, char shell)
{
	int i;

	for (i = 0; i < len && s[i]; i++) {
		if (s[i] == '\'')
			fputs(shell == 'f' ? "\\'" : "'\\''", f);
		else if (shell == 'z' && strchr("[]:\\", s[i]))
			fprintf(f, "\\%c", s[i]);
		else if (shell == 'f' && s[i] == '\\')
			fputs("\\\\", f);
		else
			fputc(s[i], f);
	}
}

/* The description of o in a menu: JSON's shape is no description. */
static void
put_description(FILE *f, const struct cli_opt *o, char shell)
{
	if (o->help[0] == '{')
		fputs("JSON output", f);
	else
		put_quoted(f, o->help, first_line(o->help), shell);
}

/* The argument's name without its angle brackets: "why". */
static void
put_arg_name(FILE *f, const struct cli_opt *o)
{
	const char *s = o->arg_name ? o->arg_name : "value";
	size_t n = strlen(s);

	if (n > 2 && s[0] == '<' && s[n - 1] == '>')
		fprintf(f, "%.*s", (int)n - 2, s + 1);
	else
		fputs(s, f);
}

/* Calls fn for each option of c (NULL: prio's own), -h and --help
 * included. */
static void
each_option(const struct cmd *c, FILE *f,
    void (*fn)(FILE *, const struct cmd *, const struct cli_opt *))
{
	const struct cli_opt *o;
	size_t pos = 0;

	if (c == NULL) {
		while ((o = cli_opt_next(cli_global_opts, &pos)) != NULL)
			fn(f, c, o);
		return;
	}
	if (c->opts)
		while ((o = cli_opt_next(c->opts, &pos)) != NULL)
			fn(f, c, o);
	pos = 0;
	while ((o = cli_opt_next(cli_help_opts, &pos)) != NULL)
		fn(f, c, o);
}

/* --list: one line per option of a table, tab-separated. */
static void
list_option(FILE *f, const struct cmd *c, const struct cli_opt *o)
{
	static const char *const args[] = { "none", "required", "optional" };

	if (c && o->value == 'h' && o->long_name &&
	    strcmp(o->long_name, "help") == 0)
		return;         /* the dispatcher's, in no table */
	fprintf(f, "%s\t", c ? c->name : "prio");
	if (o->short_name)
		fprintf(f, "-%c\t", o->short_name);
	else
		fputs("-\t", f);
	fprintf(f, "%s%s\t%s\t%s\t%s\t%s\n", o->long_name ? "--" : "-",
	    o->long_name ? o->long_name : "", args[o->arg],
	    o->arg_name ? o->arg_name : "-", kind_name(o->complete),
	    o->words ? o->words : "-");
}

static void
list_tables(FILE *f)
{
	size_t i;

	each_option(NULL, f, list_option);
	for (i = 0; cli_commands[i]; i++)
		each_option(cli_commands[i], f, list_option);
}

/* bash: the names for __prio_options. */
static void
bash_name(FILE *f, const struct cmd *c, const struct cli_opt *o)
{
	if (o->short_name)
		fprintf(f, " -%c", o->short_name);
	if (o->long_name)
		fprintf(f, " --%s", o->long_name);
}

/* bash: the case arm of __prio_value for an option with a value. */
static void
bash_value(FILE *f, const struct cmd *c, const struct cli_opt *o)
{
	const char *name = c ? c->name : "";

	if (o->arg == CLI_ARG_NONE)
		return;
	fputs("\t", f);
	if (o->short_name)
		fprintf(f, "%s:-%c%s", name, o->short_name,
		    o->long_name ? "|" : "");
	if (o->long_name)
		fprintf(f, "%s:--%s", name, o->long_name);
	fprintf(f, ") echo '%s%s%s%s' ;;\n",
	    o->arg == CLI_ARG_OPTIONAL ? "optional " : "",
	    kind_name(o->complete), o->words ? " " : "",
	    o->words ? o->words : "");
}

static void
bash_operands(FILE *f, const char *name, const struct cli_operand *a)
{
	size_t i;

	for (i = 0; a && a[i].name; i++) {
		if (a[i].more)
			fprintf(f, "\t%s:*) ", name);
		else
			fprintf(f, "\t%s:%zu) ", name, i);
		fprintf(f, "echo '%s%s%s' ;;\n", kind_name(a[i].complete),
		    a[i].words ? " " : "", a[i].words ? a[i].words : "");
	}
}

static void
bash_tables(FILE *f)
{
	size_t i;

	fputs("# What prio's option tables say (prio completion bash).\n"
	    "__prio_commands=\"", f);
	for (i = 0; cli_commands[i]; i++)
		fprintf(f, "%s ", cli_commands[i]->name);
	fputs("help\"\n\n"
	    "# __prio_options <command>: its options (\"\": prio's own).\n"
	    "__prio_options()\n{\n\tcase $1 in\n\t'') echo \"", f);
	each_option(NULL, f, bash_name);
	fputs(" \" ;;\n", f);
	for (i = 0; cli_commands[i]; i++) {
		fprintf(f, "\t%s) echo \"", cli_commands[i]->name);
		each_option(cli_commands[i], f, bash_name);
		fputs(" \" ;;\n", f);
	}
	fputs("\tesac\n}\n\n"
	    "# __prio_value <command> <option>: what completes the option's "
	    "value\n# (none: free text), \"optional ...\" when the value must "
	    "be attached;\n# nothing for an option that takes none.\n"
	    "__prio_value()\n{\n\tcase $1:$2 in\n", f);
	each_option(NULL, f, bash_value);
	for (i = 0; cli_commands[i]; i++)
		each_option(cli_commands[i], f, bash_value);
	fputs("\tesac\n}\n\n"
	    "# __prio_operand <command> <n>: what completes its operand n "
	    "(from 0).\n__prio_operand()\n{\n\tcase $1:$2 in\n", f);
	for (i = 0; cli_commands[i]; i++)
		bash_operands(f, cli_commands[i]->name,
		    cli_commands[i]->operands);
	bash_operands(f, "help", help_operands);
	fputs("\tesac\n}\n", f);
}

/* zsh: what _arguments runs to complete a value of kind k. */
static void
zsh_action(FILE *f, enum cli_complete k, const char *words)
{
	static const char *const actions[] = {
		[CLI_COMPLETE_NONE] = "",
		[CLI_COMPLETE_ID] = "__prio_ids",
		[CLI_COMPLETE_DONE_ID] = "__prio_done_ids",
		[CLI_COMPLETE_ID_OR_FILE] = "__prio_ids_or_files",
		[CLI_COMPLETE_STATUS] = "__prio_statuses",
		[CLI_COMPLETE_REF] = "__prio_refs",
		[CLI_COMPLETE_FILE] = "_files",
		[CLI_COMPLETE_DIR] = "_directories",
		[CLI_COMPLETE_WORDS] = "",
		[CLI_COMPLETE_COMMAND] = "__prio_commands",
	};

	if (k == CLI_COMPLETE_WORDS)
		fprintf(f, "(%s)", words);
	else
		fputs(actions[k], f);
}

/* zsh: one _arguments spec for the name (e.g. "--gpg-sign") of o. */
static void
zsh_spec(FILE *f, const struct cli_opt *o, const char *name)
{
	bool stop = o->arg == CLI_ARG_NONE && (o->value == 'h' ||
	    o->value == OPT_VERSION);

	fputs(" \\\n\t    '", f);
	if (stop)
		fputs("(- *)", f);
	else if (o->repeat)
		fputc('*', f);
	else if (o->short_name && o->long_name)
		fprintf(f, "(-%c --%s)", o->short_name, o->long_name);
	fputs(name, f);
	if (o->arg == CLI_ARG_OPTIONAL)
		fputs(name[1] == '-' ? "=-" : "-", f);
	fputc('[', f);
	put_description(f, o, 'z');
	fputc(']', f);
	if (o->arg != CLI_ARG_NONE) {
		fputs(o->arg == CLI_ARG_OPTIONAL ? "::" : ":", f);
		put_arg_name(f, o);
		fputc(':', f);
		zsh_action(f, o->complete, o->words);
	}
	fputc('\'', f);
}

static void
zsh_option(FILE *f, const struct cmd *c, const struct cli_opt *o)
{
	char name[64];

	if (o->short_name) {
		snprintf(name, sizeof name, "-%c", o->short_name);
		zsh_spec(f, o, name);
	}
	if (o->long_name) {
		snprintf(name, sizeof name, "--%s", o->long_name);
		zsh_spec(f, o, name);
	}
}

static void
zsh_operands(FILE *f, const struct cli_operand *a)
{
	size_t i;

	for (i = 0; a && a[i].name; i++) {
		fputs(" \\\n\t\t    '", f);
		if (a[i].more)
			fputc('*', f);
		else
			fprintf(f, "%zu", i + 1);
		fprintf(f, ":%s:", a[i].name);
		zsh_action(f, a[i].complete, a[i].words);
		fputc('\'', f);
	}
}

static void
zsh_tables(FILE *f)
{
	const struct cmd *c;
	size_t i;

	fputs("# What prio's option tables say (prio completion zsh).\n"
	    "_prio() {\n"
	    "\tlocal curcontext=$curcontext state line ret=1\n"
	    "\tlocal __prio_dir\n"
	    "\tlocal -a __prio_command_list\n"
	    "\t__prio_command_list=(\n", f);
	for (i = 0; (c = cli_commands[i]) != NULL; i++) {
		fprintf(f, "\t\t'%s:", c->name);
		put_quoted(f, c->summary, (int)strlen(c->summary), 'q');
		fputs("'\n", f);
	}
	fputs("\t\t'help:Show help for a command'\n\t)\n"
	    "\t_arguments -C", f);
	each_option(NULL, f, zsh_option);
	fputs(" \\\n\t    '1:command:->command' \\\n"
	    "\t    '*::argument:->argument' && ret=0\n"
	    "\t__prio_dir=${opt_args[-C]}\n"
	    "\tcase $state in\n"
	    "\tcommand)\n\t\t__prio_commands && ret=0 ;;\n"
	    "\targument)\n"
	    "\t\tcurcontext=${curcontext%:*:*}:prio-$words[1]:\n"
	    "\t\tcase $words[1] in\n", f);
	for (i = 0; (c = cli_commands[i]) != NULL; i++) {
		fprintf(f, "\t\t%s)\n\t\t\t_arguments", c->name);
		each_option(c, f, zsh_option);
		zsh_operands(f, c->operands);
		fputs(" && ret=0 ;;\n", f);
	}
	fputs("\t\thelp)\n\t\t\t_arguments", f);
	zsh_operands(f, help_operands);
	fputs(" && ret=0 ;;\n\t\tesac ;;\n\tesac\n\treturn ret\n}\n", f);
}

/* fish: the -a/-r/-F flags for a value of kind k. */
static void
fish_value(FILE *f, enum cli_complete k, const char *words)
{
	switch (k) {
	case CLI_COMPLETE_NONE:
		break;
	case CLI_COMPLETE_ID:
		fputs(" -a '(__prio_ids)'", f);
		break;
	case CLI_COMPLETE_DONE_ID:
		fputs(" -a '(__prio_ids --role done)'", f);
		break;
	case CLI_COMPLETE_ID_OR_FILE:
		fputs(" -F -a '(__prio_ids)'", f);
		break;
	case CLI_COMPLETE_STATUS:
		fputs(" -a '(__prio_statuses)'", f);
		break;
	case CLI_COMPLETE_REF:
		fputs(" -a '(__prio_refs)'", f);
		break;
	case CLI_COMPLETE_FILE:
		fputs(" -F", f);
		break;
	case CLI_COMPLETE_DIR:
		fputs(" -a '(__fish_complete_directories)'", f);
		break;
	case CLI_COMPLETE_WORDS:
		fprintf(f, " -a '%s'", words);
		break;
	case CLI_COMPLETE_COMMAND:
		fputs(" -a '(__prio_commands)'", f);
		break;
	}
}

static void
fish_option(FILE *f, const struct cmd *c, const struct cli_opt *o)
{
	if (c)
		fprintf(f, "complete -c prio -n '__prio_command %s'", c->name);
	else
		fputs("complete -c prio -n __prio_no_command", f);
	if (o->short_name)
		fprintf(f, " -s %c", o->short_name);
	if (o->long_name)
		fprintf(f, " -l %s", o->long_name);
	/* -x: a value that is no file name (-r alone would offer files) */
	if (o->arg == CLI_ARG_REQUIRED)
		fputs(o->complete == CLI_COMPLETE_FILE ? " -r" : " -x", f);
	if (o->arg != CLI_ARG_NONE)
		fish_value(f, o->complete, o->words);
	fputs(" -d '", f);
	put_description(f, o, 'f');
	fputs("'\n", f);
}

/* fish: __prio_takes_value's cases for an option that takes the next
 * word. */
static void
fish_takes(FILE *f, const struct cmd *c, const struct cli_opt *o)
{
	const char *name = c ? c->name : "";

	if (o->arg != CLI_ARG_REQUIRED)
		return;
	if (o->short_name)
		fprintf(f, " '%s -%c'", name, o->short_name);
	if (o->long_name)
		fprintf(f, " '%s --%s'", name, o->long_name);
}

static void
fish_operands(FILE *f, const char *name, const struct cli_operand *a)
{
	size_t i;

	for (i = 0; a && a[i].name; i++) {
		fprintf(f, "complete -c prio -n '__prio_operand %s %zu%s'",
		    name, i, a[i].more ? " more" : "");
		fish_value(f, a[i].complete, a[i].words);
		fprintf(f, " -d '%s'\n", a[i].name);
	}
}

static void
fish_tables(FILE *f)
{
	const struct cmd *c;
	size_t i;

	fputs("# What prio's option tables say (prio completion fish).\n"
	    "function __prio_takes_value\n"
	    "    switch \"$argv[1] $argv[2]\"\n"
	    "        case", f);
	each_option(NULL, f, fish_takes);
	for (i = 0; (c = cli_commands[i]) != NULL; i++)
		each_option(c, f, fish_takes);
	fputs("\n            return 0\n    end\n    return 1\nend\n\n"
	    "function __prio_commands\n", f);
	for (i = 0; (c = cli_commands[i]) != NULL; i++) {
		fprintf(f, "    printf '%%s\\t%%s\\n' %s '", c->name);
		put_quoted(f, c->summary, (int)strlen(c->summary), 'f');
		fputs("'\n", f);
	}
	fputs("    printf '%s\\t%s\\n' help 'Show help for a command'\n"
	    "end\n\n"
	    "complete -c prio -n __prio_no_command -a '(__prio_commands)'\n",
	    f);
	each_option(NULL, f, fish_option);
	for (i = 0; (c = cli_commands[i]) != NULL; i++) {
		each_option(c, f, fish_option);
		fish_operands(f, c->name, c->operands);
	}
	fish_operands(f, "help", help_operands);
}

/* The hand-written part with the tables where MARK stands. */
static void
write_script(FILE *f, const char *text, void (*tables)(FILE *))
{
	const char *mark = strstr(text, MARK);

	fwrite(text, 1, (size_t)(mark - text), f);
	tables(f);
	fputs(mark + strlen(MARK), f);
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	bool list = false;
	int c;

	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		if (c == OPT_LIST)
			list = true;
		else
			return cli_bad_option(cli, c, argv);
	}
	argc -= optind, argv += optind;
	if (list && argc == 0) {
		list_tables(cli->out);
		return EXIT_OK;
	}
	if (list || argc != 1)
		return cli_usage_error(cli, list ? "--list takes no shell" :
		    "name one shell: bash, zsh or fish");
	if (strcmp(argv[0], "bash") == 0)
		write_script(cli->out, prio_completion_bash, bash_tables);
	else if (strcmp(argv[0], "zsh") == 0)
		write_script(cli->out, prio_completion_zsh, zsh_tables);
	else if (strcmp(argv[0], "fish") == 0)
		write_script(cli->out, prio_completion_fish, fish_tables);
	else
		return cli_usage_error(cli, "no completion for '%s'; the "
		    "shells are bash, zsh and fish", argv[0]);
	return EXIT_OK;
}

static const struct cli_opt opts[] = {
	{ OPT_LIST, 0, "list", CLI_ARG_NONE, NULL,
	    .help = "print every option of every command instead, one a\n"
	    "line: command, short and long name, argument, its\n"
	    "name, what completes it, its words (tab-separated)" },
	{ 0 }
};

static const struct cli_operand operands[] = {
	{ "shell", .complete = CLI_COMPLETE_WORDS, .words = "bash zsh fish" },
	{ 0 }
};

const struct cmd cmd_completion = {
	.name = "completion",
	.usage = "bash|zsh|fish | --list",
	.summary = "Print a shell completion script",
	.help =
	    "Writes the completion script for the shell to stdout: commands, "
	    "their\noptions, and values (story IDs from 'prio list', "
	    "statuses, revisions,\nformats, files).  make install puts each "
	    "where its shell looks; or\nload it yourself:\n\n"
	    "  bash  source <(prio completion bash)       (in ~/.bashrc)\n"
	    "  zsh   prio completion zsh >~/.zfunc/_prio  (a folder on "
	    "$fpath)\n"
	    "  fish  prio completion fish >~/.config/fish/completions/"
	    "prio.fish\n\n"
	    "The bash script also completes 'git prio' through git's own "
	    "completion.\n",
	.opts = opts,
	.operands = operands,
	.run = run,
};
