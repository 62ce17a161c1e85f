/*
 * mcp_tools.c — prio mcp's tools.  Each is one prio command run through
 * cli_invoke(): its arguments become the command line (the same names),
 * its --json output is the structuredContent, its refusal the tool
 * error, word for word.  So a tool can do nothing the command line
 * cannot, and every write obeys every rule the command does.
 *
 * The schemas are written here with ' for " (a C string full of \" is
 * hard to read); no text in them holds a '.
 */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "mcp.h"

#define TOOL_WRITE       0x1
#define TOOL_DESTRUCTIVE 0x2
#define TOOL_IDEMPOTENT  0x4

/* A command line in the making; every string is its own. */
struct call {
	char **argv;
	size_t argc, cap;
	const char *story;      /* the story a write names, for show */
	struct mcp_bad_args *bad;
	bool failed;            /* an argument was refused (bad) */
};

struct mcp_tool {
	const char *name;
	const char *title;
	const char *description;
	const char *input;      /* JSON Schema, ' for " */
	const char *output;
	unsigned flags;
	void (*build)(struct call *c, json_t *args);
	void (*render)(struct prio_buf *text, json_t *doc);
	const char *page;       /* the array cut into pages here, or NULL */
};

/* The fields of `prio list --json`'s stories (cli_story_json). */
#define STORY_PROPS \
	"'id':{'type':['string','null']}," \
	"'title':{'type':['string','null']}," \
	"'status':{'type':['string','null']}," \
	"'rank':{'type':['string','null'],'description':'the decimal " \
	    "as written; smaller comes first'}," \
	"'score':{'type':['number','null']}," \
	"'position':{'type':['integer','null'],'description':'1-based " \
	    "place in the backlog; null for terminal stories'}," \
	"'path':{'type':'string'}," \
	"'owner':{'type':['string','null']}," \
	"'goal':{'type':['string','null']}," \
	"'labels':{'type':'array','items':{'type':'string'}}," \
	"'depends_on':{'type':'array','items':{'type':'string'}}," \
	"'criteria':{'type':'object','properties':{" \
	    "'total':{'type':'integer'},'met':{'type':'integer'}}}"
#define STORY "{'type':'object','properties':{" STORY_PROPS "}," \
	"'required':['id','path']}"
#define SHOWN_STORY "{'type':'object','properties':{" STORY_PROPS "," \
	"'criteria_items':{'type':'array','items':{'type':'object'," \
	    "'properties':{'text':{'type':'string'},'met':{'type':'boolean'}," \
	    "'line':{'type':'integer'}}}}," \
	"'body':{'type':'string'}},'required':['id','path']}"
#define DOC(kind_props) "{'type':'object','properties':{" \
	"'version':{'type':'integer'},'kind':{'type':'string'}," kind_props \
	"},'required':['version','kind']}"
#define NEXT_OFFSET "'next_offset':{'type':'integer','description':" \
	"'there is more: call again with this offset'}"

#define ARGS(props, required) "{'type':'object','properties':{" props \
	"},'required':[" required "],'additionalProperties':false}"
#define ID_ARG(what) "'id':{'type':'string','minLength':1," \
	"'description':'" what ", such as S-42'}"
#define REV_ARG "'rev':{'type':'string','minLength':1,'description':" \
	"'the backlog as it was at this commit, branch or tag'}"
#define PAGE_ARGS "'limit':{'type':'integer','minimum':1,'maximum':500," \
	"'description':'at most this many items (default 50)'}," \
	"'offset':{'type':'integer','minimum':0,'description':" \
	"'leave out this many first (next_offset of the previous page)'}"
#define RATIONALE_ARG "'rationale':{'type':'string','minLength':1," \
	"'description':'why: the commit message says it, and prio log " \
	"shows it'}"
#define FIELDS_ARG "'fields':{'type':'object','minProperties':1," \
	"'description':'front-matter fields to set, such as {status: " \
	"in-progress, owner: ada, labels: [a, b]}'," \
	"'additionalProperties':{'type':['string','number','boolean'," \
	"'array'],'items':{'type':'string'}}}"
#define WRITE_OUT DOC("'commit':{'type':['string','null'],'description':" \
	"'the full id of the commit made; null when nothing changed'}," \
	"'branch':{'type':['string','null']}," \
	"'subject':{'type':['string','null']}," \
	"'story':{'anyOf':[" SHOWN_STORY ",{'type':'null'}]}")

static void
add(struct call *c, const char *s)
{
	prio_xgrow(&c->argv, &c->cap, c->argc + 2, sizeof(*c->argv));
	c->argv[c->argc++] = prio_xstrdup(s);
	c->argv[c->argc] = NULL;
}

static void
addf(struct call *c, const char *fmt, const char *s)
{
	char *v = prio_xasprintf(fmt, s);

	add(c, v);
	free(v);
}

static void
refuse(struct call *c, const char *fmt, const char *arg)
{
	if (!c->failed)
		snprintf(c->bad->message, sizeof(c->bad->message), fmt, arg);
	c->failed = true;
}

static const char *
str(json_t *args, const char *key)
{
	return json_string_value(json_object_get(args, key));
}

/* --name=value, when the argument is there: a value that starts with
 * '-' stays a value. */
static void
opt(struct call *c, json_t *args, const char *key, const char *option)
{
	json_t *v = json_object_get(args, key);
	char num[32];

	if (json_is_string(v)) {
		addf(c, option, json_string_value(v));
	} else if (json_is_number(v)) {
		snprintf(num, sizeof(num), "%.15g", json_number_value(v));
		addf(c, option, num);
	}
}

static void
flag(struct call *c, json_t *args, const char *key, const char *option)
{
	if (json_is_true(json_object_get(args, key)))
		add(c, option);
}

/*
 * A story ID (or a story file's path) as the command's operand.  The
 * commands that take operands among their options cannot be told where
 * the options end, so one that looks like an option is refused here.
 */
static void
story(struct call *c, json_t *args, const char *key)
{
	const char *id = str(args, key);

	if (id == NULL)
		return;
	if (id[0] == '-') {
		refuse(c, "'%.100s' is not a story ID; IDs look like S-42",
		    id);
		return;
	}
	c->story = id;
	add(c, id);
}

/* The rationale, which every write needs: -m, never the editor. */
static void
rationale(struct call *c, json_t *args)
{
	const char *r = str(args, "rationale");

	if (r == NULL || r[strspn(r, " \t\r\n")] == '\0') {
		refuse(c, "%sargument 'rationale' is empty: say why, in a "
		    "sentence", "");
		return;
	}
	addf(c, "--message=%s", r);
}

/* One "key=value" of fields: a list is "a, b", as the command takes. */
static char *
field_pair(struct call *c, const char *key, json_t *v)
{
	struct prio_buf b = PRIO_BUF_INIT;
	json_t *x;
	size_t i;

	if (key[0] == '\0' || strchr(key, '=') != NULL) {
		refuse(c, "field name '%.100s' cannot be a field: names "
		    "have no '=' and are not empty", key);
		return NULL;
	}
	prio_buf_addf(&b, "%s=", key);
	if (json_is_string(v))
		prio_buf_adds(&b, json_string_value(v));
	else if (json_is_boolean(v))
		prio_buf_adds(&b, json_is_true(v) ? "true" : "false");
	else if (json_is_number(v))
		prio_buf_addf(&b, "%.15g", json_number_value(v));
	else
		json_array_foreach(v, i, x)
			prio_buf_addf(&b, "%s%s", i ? ", " : "",
			    json_string_value(x));
	return prio_buf_detach(&b, NULL);
}

static void
fields(struct call *c, json_t *args, const char *option)
{
	json_t *f = json_object_get(args, "fields"), *v;
	const char *key;
	char *pair;

	json_object_foreach(f, key, v) {
		if ((pair = field_pair(c, key, v)) == NULL)
			return;
		if (option)
			addf(c, option, pair);
		else
			add(c, pair);
		free(pair);
	}
}

static void
build_list(struct call *c, json_t *args)
{
	json_t *st = json_object_get(args, "status"), *x;
	json_int_t limit = json_integer_value(json_object_get(args, "limit"));
	char num[32];
	size_t i;

	add(c, "list");
	add(c, "--json");
	if (json_is_string(st))
		addf(c, "--status=%s", json_string_value(st));
	json_array_foreach(st, i, x)
		addf(c, "--status=%s", json_string_value(x));
	opt(c, args, "label", "--label=%s");
	opt(c, args, "owner", "--owner=%s");
	flag(c, args, "all", "--all");
	opt(c, args, "rev", "--rev=%s");
	/* One more than the page: whether there is a next one. */
	snprintf(num, sizeof(num), "%lld", (long long)(limit ? limit :
	    MCP_PAGE_DEFAULT) + 1);
	addf(c, "--limit=%s", num);
	opt(c, args, "offset", "--offset=%s");
}

static void
build_next(struct call *c, json_t *args)
{
	add(c, "list");
	add(c, "--json");
	add(c, "--next");
	opt(c, args, "label", "--label=%s");
	opt(c, args, "owner", "--owner=%s");
	opt(c, args, "rev", "--rev=%s");
}

static void
build_show(struct call *c, json_t *args)
{
	add(c, "show");
	add(c, "--json");
	opt(c, args, "rev", "--rev=%s");
	add(c, "--");
	add(c, str(args, "id"));
}

static void
build_plan(struct call *c, json_t *args)
{
	add(c, "plan");
	add(c, "--json");
	opt(c, args, "capacity", "--capacity=%s");
	opt(c, args, "rev", "--rev=%s");
}

static void
build_check(struct call *c, json_t *args)
{
	add(c, "check");
	add(c, "--format=json");
	flag(c, args, "staged", "--staged");
	opt(c, args, "rev", "--rev=%s");
}

static void
build_log(struct call *c, json_t *args)
{
	add(c, "log");
	add(c, "--json");
	add(c, "--");
	if (str(args, "id"))
		add(c, str(args, "id"));
	if (str(args, "range"))
		add(c, str(args, "range"));
}

static void
build_diff(struct call *c, json_t *args)
{
	add(c, "diff");
	add(c, "--format=json");
	add(c, "--");
	if (str(args, "rev"))
		add(c, str(args, "rev"));
}

static void
build_move(struct call *c, json_t *args)
{
	add(c, "move");
	story(c, args, "id");
	flag(c, args, "top", "--top");
	flag(c, args, "bottom", "--bottom");
	opt(c, args, "before", "--before=%s");
	opt(c, args, "after", "--after=%s");
	opt(c, args, "to", "--to=%s");
	rationale(c, args);
}

static void
build_set(struct call *c, json_t *args)
{
	add(c, "set");
	story(c, args, "id");
	fields(c, args, NULL);
	rationale(c, args);
}

static void
build_new(struct call *c, json_t *args)
{
	json_t *ac = json_object_get(args, "criteria"), *x;
	size_t i;

	add(c, "new");
	add(c, "--commit");
	rationale(c, args);
	opt(c, args, "status", "--status=%s");
	opt(c, args, "template", "--template=%s");
	fields(c, args, "--field=%s");
	json_array_foreach(ac, i, x)
		addf(c, "--ac=%s", json_string_value(x));
	add(c, "--");
	add(c, str(args, "title"));
}

/* tick's criterion: its number, or its text (an operand: see story). */
static void
build_tick(struct call *c, json_t *args)
{
	json_t *which = json_object_get(args, "criterion");
	char num[32];

	add(c, "tick");
	story(c, args, "id");
	if (json_is_string(which) && json_string_value(which)[0] == '-')
		refuse(c, "criterion '%.100s' cannot be named by a text that "
		    "starts with '-': name it by its number", json_string_value(
		    which));
	else if (json_is_string(which))
		add(c, json_string_value(which));
	else {
		snprintf(num, sizeof(num), "%lld", (long long)json_number_value(
		    which));
		add(c, num);
	}
	if (json_is_false(json_object_get(args, "met")))
		add(c, "--open");
	rationale(c, args);
}

static void
build_review(struct call *c, json_t *args, const char *verb)
{
	add(c, verb);
	story(c, args, "id");
	rationale(c, args);
}

static void
build_accept(struct call *c, json_t *args)
{
	build_review(c, args, "accept");
}

static void
build_reject(struct call *c, json_t *args)
{
	build_review(c, args, "reject");
}

/* Renderings: a few lines a model reads at a glance. */

static const char *
s_or(json_t *o, const char *key, const char *none)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v ? v : none;
}

static void
story_line(struct prio_buf *b, json_t *s)
{
	json_t *pos = json_object_get(s, "position");
	json_t *cr = json_object_get(s, "criteria");

	if (json_is_integer(pos))
		prio_buf_addf(b, "#%lld ", (long long)json_integer_value(pos));
	else
		prio_buf_adds(b, "- ");
	prio_buf_addf(b, "%s [%s] %s", s_or(s, "id", "?"),
	    s_or(s, "status", "?"), s_or(s, "title", ""));
	if (json_is_number(json_object_get(s, "score")))
		prio_buf_addf(b, " (score %.3g",
		    json_number_value(json_object_get(s, "score")));
	else
		prio_buf_adds(b, " (no score");
	prio_buf_addf(b, ", criteria %lld/%lld met)\n",
	    (long long)json_integer_value(json_object_get(cr, "met")),
	    (long long)json_integer_value(json_object_get(cr, "total")));
}

static void
more_line(struct prio_buf *b, json_t *doc)
{
	json_t *next = json_object_get(doc, "next_offset");

	if (next)
		prio_buf_addf(b, "More: call again with offset %lld.\n",
		    (long long)json_integer_value(next));
}

static void
render_list(struct prio_buf *b, json_t *doc)
{
	json_t *stories = json_object_get(doc, "stories"), *s;
	size_t i;

	if (json_array_size(stories) == 0)
		prio_buf_adds(b, "No stories match.\n");
	json_array_foreach(stories, i, s)
		story_line(b, s);
	more_line(b, doc);
}

static void
render_next(struct prio_buf *b, json_t *doc)
{
	json_t *stories = json_object_get(doc, "stories");

	if (json_array_size(stories) == 0) {
		prio_buf_adds(b, "Nothing to start: no ready story whose "
		    "dependencies are all done or accepted.\n");
		return;
	}
	prio_buf_adds(b, "Work on this next:\n");
	story_line(b, json_array_get(stories, 0));
}

static void
render_show(struct prio_buf *b, json_t *doc)
{
	json_t *s = json_object_get(doc, "story"), *c;
	size_t i;

	story_line(b, s);
	prio_buf_addf(b, "rank %s, owner %s, path %s\n", s_or(s, "rank",
	    "none"), s_or(s, "owner", "none"), s_or(s, "path", "?"));
	json_array_foreach(json_object_get(s, "criteria_items"), i, c)
		prio_buf_addf(b, "criterion %zu: [%s] %s\n", i + 1,
		    json_is_true(json_object_get(c, "met")) ? "x" : " ",
		    s_or(c, "text", ""));
	prio_buf_addf(b, "\n%s", s_or(s, "body", ""));
}

static void
render_plan(struct prio_buf *b, json_t *doc)
{
	json_t *s;
	size_t i;

	prio_buf_addf(b, "Capacity %g: %g used, %g left.\n",
	    json_number_value(json_object_get(doc, "capacity")),
	    json_number_value(json_object_get(doc, "used")),
	    json_number_value(json_object_get(doc, "left")));
	json_array_foreach(json_object_get(doc, "stories"), i, s)
		story_line(b, s);
	json_array_foreach(json_object_get(doc, "skipped"), i, s)
		prio_buf_addf(b, "skipped %s: %s\n", s_or(s, "id", "?"),
		    s_or(s, "reason", "?"));
}

static void
render_check(struct prio_buf *b, json_t *doc)
{
	json_t *d, *all = json_object_get(doc, "diagnostics");
	size_t i;

	if (json_array_size(all) == 0)
		prio_buf_adds(b, "No problems.\n");
	json_array_foreach(all, i, d)
		prio_buf_addf(b, "%s:%lld:%lld: %s: %s [%s]\n",
		    s_or(d, "path", "?"),
		    (long long)json_integer_value(json_object_get(d, "line")),
		    (long long)json_integer_value(json_object_get(d, "column")),
		    s_or(d, "severity", "?"), s_or(d, "message", ""),
		    s_or(d, "rule", "?"));
	more_line(b, doc);
}

static void
change_text(struct prio_buf *b, json_t *c)
{
	prio_buf_addf(b, "  %s %s %s -> %s\n", s_or(c, "story", "?"),
	    s_or(c, "field", "?"), s_or(c, "from", "none"),
	    s_or(c, "to", "none"));
}

static void
render_log(struct prio_buf *b, json_t *doc)
{
	json_t *e, *c, *all = json_object_get(doc, "entries");
	size_t i, k;

	if (json_array_size(all) == 0)
		prio_buf_adds(b, "No decisions.\n");
	json_array_foreach(all, i, e) {
		prio_buf_addf(b, "%.10s %s %s: %s\n", s_or(e, "commit", "?"),
		    s_or(e, "date", "?"), s_or(e, "author", "?"),
		    s_or(e, "subject", ""));
		json_array_foreach(json_object_get(e, "changes"), k, c)
			change_text(b, c);
	}
	more_line(b, doc);
}

static void
render_diff(struct prio_buf *b, json_t *doc)
{
	json_t *s, *all = json_object_get(doc, "stories"), *what;
	size_t i, k;

	if (json_array_size(all) == 0)
		prio_buf_adds(b, "The backlog did not change.\n");
	json_array_foreach(all, i, s) {
		prio_buf_addf(b, "%s %s:", s_or(s, "id", "?"),
		    s_or(s, "title", ""));
		json_array_foreach(json_object_get(s, "changes"), k, what)
			prio_buf_addf(b, " %s", json_string_value(what));
		prio_buf_addch(b, '\n');
	}
	more_line(b, doc);
}

static const struct mcp_tool tool_list = {
	.name = "list",
	.title = "List the backlog",
	.description = "The ranked backlog in order (prio list): open "
	    "stories by position, filtered by status, label or owner; all "
	    "adds accepted and dropped ones. Paged: limit and offset.",
	.input = ARGS("'status':{'type':['string','array'],'items':{'type':"
	    "'string'},'description':'only stories with this status (or "
	    "any of these)'},"
	    "'label':{'type':'string','description':'only stories with this "
	    "label'},"
	    "'owner':{'type':'string','description':'only stories with this "
	    "owner'},"
	    "'all':{'type':'boolean','description':'also terminal stories'},"
	    REV_ARG "," PAGE_ARGS, ""),
	.output = DOC("'stories':{'type':'array','items':" STORY "},"
	    NEXT_OFFSET),
	.build = build_list,
	.render = render_list,
};

static const struct mcp_tool tool_show = {
	.name = "show",
	.title = "Show a story",
	.description = "One story (prio show): its fields, acceptance "
	    "criteria (numbered from 1, as tick takes them) and text.",
	.input = ARGS(ID_ARG("the story") "," REV_ARG, "'id'"),
	.output = DOC("'story':" SHOWN_STORY),
	.build = build_show,
	.render = render_show,
};

static const struct mcp_tool tool_next = {
	.name = "next",
	.title = "What to work on next",
	.description = "The story to start now: the first ready story in "
	    "backlog order whose dependencies are all done or accepted "
	    "(prio list --next). stories is empty when there is none.",
	.input = ARGS("'label':{'type':'string','description':'only "
	    "stories with this label'},"
	    "'owner':{'type':'string','description':'only stories with this "
	    "owner'}," REV_ARG, ""),
	.output = DOC("'stories':{'type':'array','items':" STORY "}"),
	.build = build_next,
	.render = render_next,
};

static const struct mcp_tool tool_plan = {
	.name = "plan",
	.title = "Plan a sprint",
	.description = "Fill a sprint of the given capacity from the top of "
	    "the backlog, honouring dependencies (prio plan); stories that "
	    "do not fit are listed as skipped, with the reason.",
	.input = ARGS("'capacity':{'type':'number','description':'the "
	    "effort the sprint holds, such as 13'}," REV_ARG, "'capacity'"),
	.output = DOC("'capacity':{'type':'number'},'used':{'type':'number'},"
	    "'left':{'type':'number'},'stories':{'type':'array','items':"
	    STORY "},'skipped':{'type':'array','items':{'type':'object'}}"),
	.build = build_plan,
	.render = render_plan,
};

static const struct mcp_tool tool_check = {
	.name = "check",
	.title = "Check the backlog",
	.description = "Validate every story (prio check): front matter, "
	    "acceptance criteria, ranks, dependencies. Problems found are "
	    "the answer, not a tool error. Paged: limit and offset.",
	.input = ARGS("'staged':{'type':'boolean','description':'check the "
	    "index (what is about to be committed)'}," REV_ARG ","
	    PAGE_ARGS, ""),
	.output = DOC("'diagnostics':{'type':'array','items':{'type':"
	    "'object','properties':{'path':{'type':'string'},'line':{'type':"
	    "'integer'},'column':{'type':'integer'},'severity':{'type':"
	    "'string'},'rule':{'type':'string'},'message':{'type':'string'}"
	    "}}}," NEXT_OFFSET),
	.build = build_check,
	.render = render_check,
	.page = "diagnostics",
};

static const struct mcp_tool tool_log = {
	.name = "log",
	.title = "The audit trail",
	.description = "Every priority decision in history, newest first "
	    "(prio log): commit, author, date, rationale and each change. "
	    "Paged: limit and offset.",
	.input = ARGS(ID_ARG("only decisions about this story") ","
	    "'range':{'type':'string','minLength':1,'description':'git "
	    "syntax: A..B, A...B or one revision; default HEAD'},"
	    PAGE_ARGS, ""),
	.output = DOC("'entries':{'type':'array','items':{'type':'object',"
	    "'properties':{'commit':{'type':'string'},'author':{'type':"
	    "'string'},'date':{'type':'string'},'subject':{'type':'string'},"
	    "'body':{'type':'string'},'changes':{'type':'array'}}}},"
	    NEXT_OFFSET),
	.build = build_log,
	.render = render_log,
	.page = "entries",
};

static const struct mcp_tool tool_diff = {
	.name = "diff",
	.title = "What a branch changes",
	.description = "What a branch or pull request changes in the "
	    "backlog (prio diff): moved, new and removed stories, status, "
	    "score and criteria changes. rev as git diff takes it: none is "
	    "HEAD against the work tree, main...feature what feature "
	    "brings. Paged: limit and offset.",
	.input = ARGS("'rev':{'type':'string','minLength':1,'description':"
	    "'a revision, A..B or A...B'}," PAGE_ARGS, ""),
	.output = DOC("'from':{'type':['string','null']},'to':{'type':"
	    "['string','null']},'stories':{'type':'array','items':{'type':"
	    "'object'}}," NEXT_OFFSET),
	.build = build_diff,
	.render = render_diff,
	.page = "stories",
};

static const struct mcp_tool tool_move = {
	.name = "move",
	.title = "Re-rank a story",
	.description = "Move one story in the ranked order (prio move) and "
	    "commit the decision with its rationale. Give one of top, "
	    "bottom, before, after or to.",
	.input = ARGS(ID_ARG("the story to move") ","
	    "'top':{'type':'boolean','description':'first in the backlog'},"
	    "'bottom':{'type':'boolean','description':'after the last ranked "
	    "story'},"
	    "'before':{'type':'string','minLength':1,'description':'just "
	    "before this ranked story (an ID)'},"
	    "'after':{'type':'string','minLength':1,'description':'just "
	    "after this ranked story (an ID)'},"
	    "'to':{'type':'integer','minimum':1,'description':'at this "
	    "position among the ranked stories'}," RATIONALE_ARG,
	    "'id','rationale'"),
	.output = WRITE_OUT,
	.flags = TOOL_WRITE | TOOL_DESTRUCTIVE,
	.build = build_move,
};

static const struct mcp_tool tool_set = {
	.name = "set",
	.title = "Change a story",
	.description = "Change front-matter fields of one story (prio set): "
	    "status, owner, scores, labels, depends-on... and commit with "
	    "the rationale. A value that would make the backlog invalid is "
	    "refused, and nothing changes.",
	.input = ARGS(ID_ARG("the story to change") "," FIELDS_ARG ","
	    RATIONALE_ARG, "'id','fields','rationale'"),
	.output = WRITE_OUT,
	.flags = TOOL_WRITE | TOOL_DESTRUCTIVE | TOOL_IDEMPOTENT,
	.build = build_set,
};

static const struct mcp_tool tool_new = {
	.name = "new",
	.title = "Create a story",
	.description = "Create a story with the next free ID (prio new "
	    "--commit) and commit it with the rationale. A story that "
	    "would have errors (a ready one without criteria) is refused.",
	.input = ARGS("'title':{'type':'string','minLength':1,'description':"
	    "'one line'},"
	    "'criteria':{'type':'array','items':{'type':'string'},"
	    "'description':'acceptance criteria, one item each'},"
	    "'status':{'type':'string','description':'default: the "
	    "template status'},"
	    "'template':{'type':'string','description':'story (default), "
	    "bug, spike or a backlog template name'},"
	    FIELDS_ARG "," RATIONALE_ARG, "'title','rationale'"),
	.output = WRITE_OUT,
	.flags = TOOL_WRITE,
	.build = build_new,
};

static const struct mcp_tool tool_accept = {
	.name = "accept",
	.title = "Accept done work",
	.description = "Accept a done story whose every acceptance "
	    "criterion is met (prio accept): status accepted, dated, "
	    "committed. Refused, with the open criteria, otherwise.",
	.input = ARGS(ID_ARG("the story to accept") "," RATIONALE_ARG,
	    "'id','rationale'"),
	.output = WRITE_OUT,
	.flags = TOOL_WRITE | TOOL_DESTRUCTIVE,
	.build = build_accept,
};

static const struct mcp_tool tool_reject = {
	.name = "reject",
	.title = "Send done work back",
	.description = "Send a done story back to in-progress with the "
	    "reason (prio reject), committed.",
	.input = ARGS(ID_ARG("the story to reject") "," RATIONALE_ARG,
	    "'id','rationale'"),
	.output = WRITE_OUT,
	.flags = TOOL_WRITE | TOOL_DESTRUCTIVE,
	.build = build_reject,
};

/*
 * `prio tick` is issue 18's (prio serve's) command: the tool is offered
 * when the command is there.
 */
static const struct mcp_tool tool_tick = {
	.name = "tick",
	.title = "Tick a criterion",
	.description = "Mark one acceptance criterion of a story met, or "
	    "open again with met false (prio tick), and commit with the "
	    "rationale. The criterion is its number (1 is the first, as "
	    "show lists them) or its exact text.",
	.input = ARGS(ID_ARG("the story") ","
	    "'criterion':{'type':['integer','string'],'minimum':1,"
	    "'minLength':1,'description':'its number from 1, or its text'},"
	    "'met':{'type':'boolean','description':'true (default): met; "
	    "false: open again'}," RATIONALE_ARG,
	    "'id','criterion','rationale'"),
	.output = WRITE_OUT,
	.flags = TOOL_WRITE | TOOL_DESTRUCTIVE,
	.build = build_tick,
};

const struct mcp_tool *const mcp_tools[] = {
	&tool_list, &tool_show, &tool_next, &tool_plan, &tool_check,
	&tool_log, &tool_diff, &tool_move, &tool_set, &tool_new,
	&tool_accept, &tool_reject, &tool_tick, NULL
};

/* Whether t's command is part of this prio (see tool_tick). */
bool
mcp_tool_offered(const struct mcp_tool *t, bool read_only)
{
	if (read_only && (t->flags & TOOL_WRITE))
		return false;
	return t->build != build_tick || cli_find_command("tick") != NULL;
}

const struct mcp_tool *
mcp_tool_find(const char *name, bool read_only)
{
	size_t i;

	for (i = 0; mcp_tools[i]; i++)
		if (strcmp(mcp_tools[i]->name, name) == 0)
			return mcp_tool_offered(mcp_tools[i], read_only) ?
			    mcp_tools[i] : NULL;
	return NULL;
}

/* A schema written with ' for ", as JSON. */
static json_t *
schema(const char *text)
{
	char *s = prio_xstrdup(text), *p;
	json_error_t e;
	json_t *j;

	for (p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	j = json_loads(s, 0, &e);
	free(s);
	if (j == NULL) {
		/* A typo in this file: the tests list every tool. */
		fprintf(stderr, "prio: mcp: bad schema: %s\n", e.text);
		abort();
	}
	return j;
}

json_t *
mcp_tool_describe(const struct mcp_tool *t)
{
	bool write = t->flags & TOOL_WRITE;

	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:{s:s, s:b, s:b, s:b, "
	    "s:b}}", "name", t->name, "title", t->title, "description",
	    t->description, "inputSchema", schema(t->input), "outputSchema",
	    schema(t->output), "annotations", "title", t->title,
	    "readOnlyHint", !write, "destructiveHint",
	    (t->flags & TOOL_DESTRUCTIVE) != 0, "idempotentHint",
	    !write || (t->flags & TOOL_IDEMPOTENT) != 0, "openWorldHint", 0);
}

static void
call_free(struct call *c)
{
	prio_strv_free(c->argv, c->argc);
}

/* Cuts doc[key] to the page args ask for; next_offset when more. */
static void
cut_page(json_t *doc, const char *key, json_t *args)
{
	json_t *all = json_object_get(doc, key), *page;
	json_int_t limit = json_integer_value(json_object_get(args, "limit"));
	json_int_t offset = json_integer_value(json_object_get(args,
	    "offset"));
	size_t i, n = json_array_size(all);

	if (limit == 0)
		limit = MCP_PAGE_DEFAULT;
	page = json_array();
	for (i = (size_t)offset; i < n && i < (size_t)(offset + limit); i++)
		json_array_append(page, json_array_get(all, i));
	json_object_set_new(doc, key, page);
	if ((size_t)(offset + limit) < n)
		json_object_set_new(doc, "next_offset", json_integer(offset +
		    limit));
}

/* list asked for one story more than the page: drop it, say more. */
static void
list_page(json_t *doc, json_t *args)
{
	json_t *all = json_object_get(doc, "stories");
	json_int_t limit = json_integer_value(json_object_get(args, "limit"));
	json_int_t offset = json_integer_value(json_object_get(args,
	    "offset"));

	if (limit == 0)
		limit = MCP_PAGE_DEFAULT;
	if (json_array_size(all) > (size_t)limit) {
		json_array_remove(all, (size_t)limit);
		json_object_set_new(doc, "next_offset", json_integer(offset +
		    limit));
	}
}

/* What prio said on stderr, for the model: its words, trimmed. */
static void
add_said(struct prio_buf *text, const struct prio_buf *err)
{
	size_t n = err->len;

	while (n > 0 && err->ptr[n - 1] == '\n')
		n--;
	if (n == 0)
		return;
	if (text->len > 0 && text->ptr[text->len - 1] != '\n')
		prio_buf_addch(text, '\n');
	prio_buf_add(text, err->ptr, n);
	prio_buf_addch(text, '\n');
}

static void
read_answer(const struct mcp_tool *t, json_t *args, int rc,
    struct prio_buf *out, struct prio_buf *err, struct mcp_answer *a)
{
	json_error_t e;
	json_t *doc = NULL;

	/* check's exit 1 is its finding, with the document all the same. */
	if (rc == EXIT_OK || (rc == EXIT_REFUSED && t->build == build_check))
		doc = json_loadb(out->ptr, out->len, 0, &e);
	if (doc == NULL) {
		a->is_error = true;
		add_said(&a->text, err);
		if (a->text.len == 0)
			prio_buf_addf(&a->text, "prio %s failed (exit %d)\n",
			    t->name, rc);
		return;
	}
	if (t->page)
		cut_page(doc, t->page, args);
	else if (t->build == build_list)
		list_page(doc, args);
	t->render(&a->text, doc);
	add_said(&a->text, err);
	a->structured = doc;
}

/*
 * The commit a write made, from its "[branch abc1234] subject" line:
 * the full id is HEAD's when HEAD starts so (it was just made), else
 * the one object with that prefix.
 */
static void
commit_of(const char *out, json_t *doc)
{
	const char *line = out, *close, *sp;
	git_repository *repo = NULL;
	git_object *obj = NULL;
	git_oid head, id;
	char hex[GIT_OID_HEXSZ + 1];
	size_t n;

	while (line && *line && *line != '[')
		line = (line = strchr(line, '\n')) ? line + 1 : NULL;
	if (line == NULL || *line != '[' || (close = strstr(line, "] ")) ==
	    NULL)
		return;
	for (sp = close; sp > line && sp[-1] != ' '; sp--)
		;
	n = (size_t)(close - sp);
	if (sp == line || n < 4 || n > GIT_OID_HEXSZ ||
	    git_oid_fromstrn(&id, sp, n) != 0 ||
	    git_repository_open_ext(&repo, NULL,
	    GIT_REPOSITORY_OPEN_FROM_ENV, NULL) != 0)
		return;
	if (git_reference_name_to_id(&head, repo, "HEAD") == 0 &&
	    git_oid_ncmp(&head, &id, n) == 0)
		git_oid_cpy(&id, &head);
	else if (git_object_lookup_prefix(&obj, repo, &id, n,
	    GIT_OBJECT_COMMIT) == 0)
		git_oid_cpy(&id, git_object_id(obj));
	else
		goto out;
	json_object_set_new(doc, "commit", json_string(git_oid_tostr(hex,
	    sizeof(hex), &id)));
	json_object_set_new(doc, "branch", json_stringn(line + 1,
	    (size_t)(sp - 1 - (line + 1))));
	n = strcspn(close + 2, "\n");
	json_object_set_new(doc, "subject", json_stringn(close + 2, n));
out:
	git_object_free(obj);
	git_repository_free(repo);
}

/* The last line of out: new prints the story's path there. */
static char *
last_line(const struct prio_buf *out)
{
	size_t end = out->len, start;

	while (end > 0 && out->ptr[end - 1] == '\n')
		end--;
	for (start = end; start > 0 && out->ptr[start - 1] != '\n'; start--)
		;
	return start < end ? prio_xstrndup(out->ptr + start, end - start) :
	    NULL;
}

/* The story as the write left it (show --json), or null. */
static json_t *
story_after(const char *story)
{
	struct prio_buf out = PRIO_BUF_INIT, err = PRIO_BUF_INIT;
	char *argv[] = { "show", "--json", "--", (char *)story, NULL };
	json_t *doc = NULL, *s;

	if (story && cli_invoke(4, argv, &out, &err) == EXIT_OK)
		doc = json_loadb(out.ptr, out.len, 0, NULL);
	s = json_object_get(doc, "story");
	s = s ? json_incref(s) : json_null();
	json_decref(doc);
	prio_buf_free(&out);
	prio_buf_free(&err);
	return s;
}

static void
write_answer(const struct mcp_tool *t, const struct call *c, int rc,
    struct prio_buf *out, struct prio_buf *err, struct mcp_answer *a)
{
	char *kind, *path = NULL;
	json_t *doc;

	if (rc != EXIT_OK) {
		a->is_error = true;
		add_said(&a->text, err);
		if (a->text.len == 0)
			prio_buf_addf(&a->text, "prio %s failed (exit %d)\n",
			    t->name, rc);
		return;
	}
	kind = prio_xasprintf("prio.%s", t->name);
	doc = json_pack("{s:i, s:s, s:n, s:n, s:n}", "version", 1, "kind",
	    kind, "commit", "branch", "subject");
	free(kind);
	commit_of(out->ptr, doc);
	if (t->build == build_new)
		path = last_line(out);
	json_object_set_new(doc, "story", story_after(path ? path :
	    c->story));
	free(path);
	prio_buf_add(&a->text, out->ptr, out->len);
	if (json_is_string(json_object_get(doc, "commit")))
		prio_buf_addf(&a->text, "commit %s\n",
		    json_string_value(json_object_get(doc, "commit")));
	add_said(&a->text, err);
	a->structured = doc;
}

/*
 * Pages bound the lists, but not the rest (a plan of a huge capacity, a
 * story's body): an answer over the limit becomes a tool error that
 * says how to ask for less, never an unbounded message.
 */
static void
bound_answer(const struct mcp_tool *t, struct mcp_answer *a)
{
	const char *env = getenv("PRIO_MCP_MAX_ANSWER");
	size_t max = env && *env ? strtoul(env, NULL, 10) : MCP_MAX_ANSWER;
	size_t size = a->text.len;

	if (a->structured)
		size += json_dumpb(a->structured, NULL, 0, JSON_COMPACT);
	if (size <= max)
		return;
	json_decref(a->structured);
	a->structured = NULL;
	a->is_error = true;
	prio_buf_clear(&a->text);
	prio_buf_addf(&a->text, "prio: the answer of %s is %zu bytes, over "
	    "the %zu a tool gives; ask for less (a smaller limit, capacity "
	    "or range)\n", t->name, size, max);
}

bool
mcp_tool_call(const struct mcp_tool *t, json_t *args, struct mcp_answer *a,
    struct mcp_bad_args *bad)
{
	struct prio_buf out = PRIO_BUF_INIT, err = PRIO_BUF_INIT;
	struct call c = { .bad = bad };
	json_t *in = schema(t->input), *none = NULL;
	bool ok;
	int rc;

	if (args == NULL)
		args = none = json_object();
	ok = mcp_schema_check(in, args, "arguments", bad);
	json_decref(in);
	if (ok)
		t->build(&c, args);
	if (!ok || c.failed) {
		call_free(&c);
		json_decref(none);
		return false;
	}
	memset(a, 0, sizeof(*a));
	prio_buf_init(&a->text);
	rc = cli_invoke((int)c.argc, c.argv, &out, &err);
	/* A write that SIGINT or SIGTERM cut short undid itself and exits
	 * 128 + the signal, as its handler ends it: the server ends too. */
	if (rc > 128 && rc < 128 + 65)
		a->signal = rc - 128;
	if (t->flags & TOOL_WRITE)
		write_answer(t, &c, rc, &out, &err, a);
	else
		read_answer(t, args, rc, &out, &err, a);
	bound_answer(t, a);
	prio_buf_free(&out);
	prio_buf_free(&err);
	call_free(&c);
	json_decref(none);
	return true;
}

void
mcp_answer_free(struct mcp_answer *a)
{
	json_decref(a->structured);
	prio_buf_free(&a->text);
}
