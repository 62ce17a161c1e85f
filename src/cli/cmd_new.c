/*
 * prio new — a story from a template, with the next free ID.
 *
 * The template comes from backlog/templates/<name>.md in the repository,
 * else the installed ones (see find_template); its front matter gets id,
 * title, status and created through the surgical editor, so any title is
 * valid YAML.  The file is created with link(2) from a temporary file, so
 * it appears whole and never replaces one that is there.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "cli_change.h"
#include "prio/backlogmd_write.h"
#include "prio/decision.h"
#include "prio/edit.h"
#include "prio/error.h"
#include "prio/nextid.h"
#include "prio/template.h"

/* Where `make install` puts the templates; the Makefile sets it from
 * PREFIX. */
#ifndef PRIO_DATADIR
#define PRIO_DATADIR "/usr/local/share/prio"
#endif

enum { OPT_NEW_AC = 0x200, OPT_NEW_STATUS, OPT_NEW_FIELD, OPT_NEW_EDIT,
	OPT_NEW_COMMIT };

struct new_opts {
	char *title;
	const char *template;
	const char *status;
	const char *message;
	char **acs;
	size_t nacs;
	char **fields;
	size_t nfields;
	bool edit, commit;
};

/* The story being made: its ID, path and front-matter edits. */
struct new_story {
	char id[64];
	char *path;              /* repository-relative */
	char *abs;               /* in the work tree */
	struct prio_edit *edits;
	char ***lists;           /* per edit: the items of a list field */
	size_t nedits;
	char today[11];
};

/* The directory of the running binary (Linux: /proc/self/exe), or NULL. */
static char *
exe_dir(void)
{
	char buf[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	if ((slash = strrchr(buf, '/')) == NULL)
		return NULL;
	*slash = '\0';
	return prio_xstrdup(buf);
}

/* The template's text, from where prio_template_find() finds it. */
static int
read_template(struct cli *cli, const char *name, struct prio_buf *out)
{
	struct prio_template_dirs dirs = {
		.workdir = git_repository_workdir(cli->repo),
		.env = getenv("PRIO_TEMPLATE_DIR"),
		.bindir = exe_dir(),
		.datadir = PRIO_DATADIR,
	};
	struct prio_buf tried = PRIO_BUF_INIT;
	char *path = prio_template_find(&dirs, name, &tried), *err = NULL;
	int rc = EXIT_OK;

	free((char *)dirs.bindir);
	if (path == NULL) {
		cli_error("no template '%s': looked for %s%s", name, tried.ptr,
		    prio_template_builtin(name) ? "; reinstall prio, or set "
		    "PRIO_TEMPLATE_DIR" : "; the built-in templates are story, "
		    "bug and spike");
		prio_buf_free(&tried);
		return prio_template_builtin(name) ? EXIT_FAILURE_ : EXIT_USAGE;
	}
	switch (prio_template_read(path, cli->backlog->config->max_file_size,
	    out, &err)) {
	case PRIO_OK:
		break;
	case PRIO_ERANGE:
		rc = EXIT_REFUSED;
		break;
	default:
		rc = EXIT_FAILURE_;
		break;
	}
	if (err)
		cli_error("%s", err);
	free(err);
	free(path);
	prio_buf_free(&tried);
	return rc;
}

/* The length of the UTF-8 sequence at p, or 0 when it is not one. */
static size_t
utf8_len(const unsigned char *p)
{
	size_t n, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	/* Overlong forms, surrogates and code points past U+10FFFF. */
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))
		return 0;
	return n;
}

/* A title or criterion must be one line of UTF-8 text. */
static int
check_text(struct cli *cli, const char *what, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	bool text = false;
	size_t n;

	for (; *p; p += n) {
		if (*p < 0x20 || *p == 0x7f)
			return cli_usage_error(cli, "the %s must be one line of "
			    "text, without control characters", what);
		if ((n = utf8_len(p)) == 0)
			return cli_usage_error(cli, "the %s is not valid UTF-8; "
			    "give it as UTF-8 text", what);
		if (*p != ' ')
			text = true;
	}
	if (!text)
		return cli_usage_error(cli, "the %s is empty; say what the "
		    "story is", what);
	return EXIT_OK;
}

/* Trims blanks at both ends, in place. */
static char *
trim(char *s)
{
	size_t n;

	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

/* The next free ID: above every ID in the work tree's front matter and
 * file names, and in the file names on every branch tip. */
static int
next_id(struct cli *cli, struct new_story *ns)
{
	const struct prio_backlog *b = cli->backlog;
	unsigned long n, max = 0;
	size_t i;

	if (prio_next_id(&n, cli->repo, b->config->id_prefix,
	    &cli->diags) != PRIO_OK) {
		cli_error("cannot choose an ID: %s",
		    cli->diags.items[cli->diags.count - 1].message);
		return EXIT_FAILURE_;
	}
	for (i = 0; i < b->nby_id; i++)
		if (b->by_id[i]->id_num > max)
			max = b->by_id[i]->id_num;
	if (max + 1 > n)
		n = max + 1;
	snprintf(ns->id, sizeof(ns->id), "%s-%lu", b->config->id_prefix, n);
	if (!prio_story_id_valid(ns->id, b->config->id_prefix, NULL)) {
		cli_error("no free ID: %s-%lu is the highest in use and IDs "
		    "have at most nine digits", b->config->id_prefix, n - 1);
		return EXIT_REFUSED;
	}
	return EXIT_OK;
}

static void
add_edit(struct new_story *ns, const char *key, const char *value)
{
	struct prio_edit *e = &ns->edits[ns->nedits++];

	memset(e, 0, sizeof(*e));
	e->key = key;
	e->value = value;
}

/* The status: --status, else the template's when this backlog has it,
 * else the first status of the workflow. */
static const char *
initial_status(struct cli *cli, const struct new_opts *o,
    const struct prio_buf *tmpl)
{
	const struct prio_config *cfg = cli->backlog->config;
	struct prio_diags d = PRIO_DIAGS_INIT;
	struct prio_story *t;
	const char *status = cfg->statuses[0];
	size_t i;

	if (o->status)
		return o->status;
	t = prio_story_parse("template.md", tmpl->ptr, tmpl->len, cfg, &d);
	if (t->status)
		for (i = 0; i < cfg->nstatuses; i++)
			if (strcmp(cfg->statuses[i], t->status) == 0)
				status = cfg->statuses[i];
	prio_story_free(t);
	prio_diags_free(&d);
	return status;
}

/* id, title, status, created, then each --field (a field naming one of
 * those replaces it; a later --field replaces an earlier one). */
static int
build_edits(struct cli *cli, struct new_opts *o, struct new_story *ns,
    const struct prio_buf *tmpl)
{
	struct prio_edit e;
	char **list;
	size_t i, j;
	int rc;

	ns->edits = prio_xcalloc(o->nfields + 4, sizeof(*ns->edits));
	ns->lists = prio_xcalloc(o->nfields + 4, sizeof(*ns->lists));
	add_edit(ns, "id", ns->id);
	add_edit(ns, "title", o->title);
	add_edit(ns, "status", initial_status(cli, o, tmpl));
	add_edit(ns, "created", ns->today);
	for (i = 0; i < o->nfields; i++) {
		if ((rc = cli_parse_field(cli, o->fields[i], &e, &list)) !=
		    EXIT_OK)
			return rc;
		for (j = 0; j < ns->nedits; j++)
			if (strcmp(ns->edits[j].key, e.key) == 0)
				break;
		if (j == ns->nedits)
			ns->nedits++;
		prio_strv_free(ns->lists[j], ns->edits[j].nitems);
		ns->edits[j] = e;
		ns->lists[j] = list;
	}
	return EXIT_OK;
}

/*
 * Errors of the story in data, printed; the count.  Every rule of
 * prio check counts, those between stories too (a depends-on that names
 * no story, a cycle), as for any write (cli_write_check.c).
 */
static size_t
story_errors(struct cli *cli, const struct new_opts *o,
    const struct cli_change *change, char *path, char *data, size_t len)
{
	return cli_write_errors(cli, o->commit ? &change->base : NULL, &path,
	    &data, &len, 1);
}

static int
write_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, data, len)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Creates path holding data, whole or not at all, and never over a file
 * that is there (EEXIST): a temporary file in the same folder, linked to
 * its name.  Returns 0 or -1 with errno.
 */
static int
create_file(const char *path, const char *data, size_t len)
{
	uint64_t r = 0;
	char *tmp;
	int fd, err = 0;

	if (getentropy(&r, sizeof(r)) != 0)
		r = (uint64_t)getpid();
	tmp = prio_xasprintf("%s.prio-%016llx", path, (unsigned long long)r);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW,
	    0666)) < 0) {
		free(tmp);
		return -1;
	}
	if (write_all(fd, data, len) != 0 || fsync(fd) != 0)
		err = errno;
	if (close(fd) != 0 && err == 0)
		err = errno;
	if (err == 0 && link(tmp, path) != 0)
		err = errno;
	unlink(tmp);
	free(tmp);
	errno = err;
	return err ? -1 : 0;
}

/* The folder of path (backlog/stories, a Backlog.md project's tasks
 * or drafts), made when missing, and inside the work tree. */
static int
stories_dir(struct cli *cli, const char *path)
{
	const char *root = git_repository_workdir(cli->repo);
	const char *slash = strrchr(path, '/');
	char *rel = prio_xstrndup(path, slash ? (size_t)(slash - path) : 0);
	char *dir = prio_xasprintf("%s%s", root, rel);
	int rc = EXIT_OK;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		cli_error("cannot create %s: %s", rel, strerror(errno));
		rc = EXIT_FAILURE_;
	} else if (!prio_template_inside(dir, root)) {
		cli_error("%s leads outside the repository; prio writes "
		    "stories only inside it", rel);
		rc = EXIT_REFUSED;
	}
	free(rel);
	free(dir);
	return rc;
}

/* The story's file: <folder>/<name> in the work tree, named as the
 * backlog's dialect names a new one. */
static void
name_file(struct cli *cli, const struct new_opts *o, struct new_story *ns,
    const char *folder)
{
	char *name = prio_template_file_name(cli->backlog->config->dialect,
	    ns->id, o->title);

	ns->path = prio_xasprintf("%s/%s", folder, name);
	ns->abs = prio_xasprintf("%s%s", git_repository_workdir(cli->repo),
	    ns->path);
	free(name);
}

static int
read_back(const char *path, struct prio_buf *out)
{
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "rb");

	prio_buf_clear(out);
	if (f == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		prio_buf_add(out, chunk, n);
	n = (size_t)ferror(f);
	fclose(f);
	return n ? -1 : 0;
}

/* Commits the new file as it is now (after the editor, too). */
static int
commit_story(struct cli *cli, struct cli_change *change,
    const struct new_opts *o, const struct new_story *ns,
    const struct prio_buf *data)
{
	struct prio_buf to = PRIO_BUF_INIT;
	size_t i;

	prio_buf_addf(&change->summary, "new %s: %s", ns->id, o->title);
	prio_decision_story(&change->trailers, ns->id);
	for (i = 0; i < ns->nedits; i++) {
		const struct prio_edit *e = &ns->edits[i];

		if (strcmp(e->key, "id") == 0 || strcmp(e->key, "title") == 0 ||
		    strcmp(e->key, "created") == 0)
			continue;
		prio_buf_clear(&to);
		if (!e->is_list)
			prio_buf_adds(&to, e->value);
		else
			prio_decision_list(&to, e->items, e->nitems);
		prio_decision_change(&change->trailers, e->key, NULL, to.ptr);
	}
	prio_buf_free(&to);
	cli_change_write(change, ns->path, prio_xstrndup(data->ptr, data->len),
	    data->len);
	return cli_change_commit(cli, change, o->message, false);
}

/* Writes the story, runs the editor, checks it, commits it.  The file
 * stays (and its path is printed) from the moment it exists. */
static int
create(struct cli *cli, struct new_opts *o, struct new_story *ns,
    struct cli_change *change, const struct prio_buf *data)
{
	struct prio_buf now = PRIO_BUF_INIT;
	int rc = EXIT_OK;

	if (create_file(ns->abs, data->ptr, data->len) != 0) {
		if (errno == EEXIST)
			cli_error("%s exists already; nothing was written (is "
			    "another prio new running?)", ns->path);
		else
			cli_error("cannot create %s: %s", ns->path,
			    strerror(errno));
		return errno == EEXIST ? EXIT_REFUSED : EXIT_FAILURE_;
	}
	if (o->edit && (rc = cli_edit_story(ns->abs)) != EXIT_OK)
		cli_error("%s was created as the template made it%s",
		    ns->path, o->commit ? "; nothing was committed" : "");
	else if (o->edit) {
		if (read_back(ns->abs, &now) != 0) {
			cli_error("cannot read %s after editing: %s",
			    ns->path, strerror(errno));
			rc = EXIT_FAILURE_;
		} else if (story_errors(cli, o, change, ns->path, now.ptr,
		    now.len)) {
			cli_error("%s was created but has errors; fix them "
			    "and run 'prio check'%s", ns->path, o->commit ?
			    " (nothing was committed)" : "");
			rc = EXIT_REFUSED;
		}
	} else
		prio_buf_add(&now, data->ptr, data->len);
	if (rc == EXIT_OK && o->commit)
		rc = commit_story(cli, change, o, ns, &now);
	fprintf(cli->out, "%s\n", ns->path);
	prio_buf_free(&now);
	return rc;
}

/* --commit without -m, where a rationale is needed and no one can be
 * asked: refused before anything is made. */
static int
need_message(struct cli *cli, const struct new_opts *o)
{
	if (o->commit && o->message == NULL && cli->backlog->config->commit &&
	    cli->backlog->config->rationale_required &&
	    !(isatty(STDIN_FILENO) && isatty(STDERR_FILENO))) {
		cli_error("--commit needs a message: say why with -m <why>; "
		    "nothing was created");
		return EXIT_REFUSED;
	}
	return EXIT_OK;
}

/* Whether path is in the Backlog.md project's folder. */
static bool
in_bmd_folder(const struct prio_config *cfg, const char *path,
    const char *folder)
{
	size_t n = strlen(prio_config_foreign_dir(cfg)), f = strlen(folder);

	return strncmp(path, prio_config_foreign_dir(cfg), n) == 0 && path[n] == '/' &&
	    strncmp(path + n + 1, folder, f) == 0 && path[n + 1 + f] == '/';
}

/*
 * A new task's ordinal, as Backlog.md's resolveCreateOrdinal gives it:
 * 1000 above the highest in tasks/, 1000 in an empty project, none when
 * tasks there have none.  Allocated, or NULL.
 */
static char *
bmd_ordinal(struct cli *cli)
{
	const struct prio_backlog *b = cli->backlog;
	const struct prio_story *max = NULL, *s;
	bool any = false;
	char *ord = NULL;
	size_t i;

	for (i = 0; i < b->count; i++) {
		s = b->stories[i];
		if (!in_bmd_folder(b->config, s->path, "tasks"))
			continue;
		any = true;
		if (s->rank && (max == NULL ||
		    prio_rank_cmp(s->rank, max->rank) > 0))
			max = s;
	}
	if (max || !any)
		prio_bmdw_ordinal_between(max ? max->rank_text : NULL, NULL,
		    &ord);
	return ord;
}

/* The --field edits that have a place in the new task's layout go
 * there; the rest stay in rest for the editor. */
static void
bmd_place(struct prio_bmdw_task *t, const struct prio_edit *e,
    struct prio_edit *rest, size_t *nrest)
{
	if (strcmp(e->key, "status") == 0)
		t->status = e->value;
	else if (strcmp(e->key, "priority") == 0)
		t->priority = *e->value ? e->value : NULL;
	else if (strcmp(e->key, "description") == 0)
		t->description = *e->value ? e->value : NULL;
	else if (strcmp(e->key, "labels") == 0)
		t->labels = e->items, t->nlabels = e->nitems;
	else if (strcmp(e->key, "dependencies") == 0)
		t->dependencies = e->items, t->ndependencies = e->nitems;
	else if (strcmp(e->key, "assignee") == 0)
		t->assignee = e->items, t->nassignee = e->nitems;
	else {
		rest[*nrest] = *e;
		rest[*nrest].text = strcmp(e->key, "ordinal") != 0;
		rest[*nrest].quote_single = true;
		++*nrest;
	}
}

/*
 * A new task in a Backlog.md project, as 'backlog task create' writes
 * it (prio/backlogmd_write.h): its next ID, its file name, its key
 * order, its Description and Acceptance Criteria sections, created_date
 * stamped in UTC.  Status Draft makes a draft in drafts/.  Sets ns (ID,
 * path, the edits its trailers name) and data.
 */
static int
new_bmd(struct cli *cli, struct new_opts *o, struct new_story *ns,
    struct prio_buf *data)
{
	const struct prio_config *cfg = cli->backlog->config;
	struct prio_bmdw_task t = { .title = o->title };
	struct prio_edit e, *rest;
	char now[17], **list, *id, *folder, *ord = NULL, *why = NULL;
	size_t i, nrest = 0;
	bool draft;
	int rc;

	if (strcmp(o->template, "story") != 0)
		return cli_usage_error(cli, "a Backlog.md task has no "
		    "template; drop -t %s", o->template);
	if ((rc = cli_bmd_now(now)) != EXIT_OK)
		return rc;
	t.created = now;
	t.status = o->status ? o->status : cfg->statuses[0];
	ns->edits = prio_xcalloc(o->nfields + 4, sizeof(*ns->edits));
	ns->lists = prio_xcalloc(o->nfields + 4, sizeof(*ns->lists));
	rest = prio_xcalloc(o->nfields + 1, sizeof(*rest));
	add_edit(ns, "id", ns->id);
	add_edit(ns, "title", o->title);
	add_edit(ns, "status", t.status);
	for (i = 0; i < o->nfields && rc == EXIT_OK; i++) {
		if ((rc = cli_parse_field(cli, o->fields[i], &e, &list)) !=
		    EXIT_OK)
			break;
		bmd_place(&t, &e, rest, &nrest);
		/* The description is body text, of any length and lines: no
		 * trailer. */
		if (strcmp(e.key, "description") == 0)
			continue;
		ns->lists[ns->nedits] = list;
		ns->edits[ns->nedits++] = e;
		if (strcmp(e.key, "status") == 0)
			ns->edits[2] = ns->edits[--ns->nedits];
	}
	t.criteria = o->acs;
	t.ncriteria = o->nacs;
	draft = strcmp(t.status, "Draft") == 0;
	if (rc == EXIT_OK) {
		id = cli_bmd_next_id(cli, draft);
		snprintf(ns->id, sizeof(ns->id), "%s", id);
		free(id);
		t.id = ns->id;
		t.ordinal = draft ? NULL : (ord = bmd_ordinal(cli));
		prio_bmdw_task_text(data, &t);
		if (nrest && prio_edit_apply(data, data->ptr, data->len, rest,
		    nrest, &why) != PRIO_OK) {
			cli_error("cannot make the task: %s", why);
			rc = EXIT_REFUSED;
		}
		folder = prio_xasprintf("%s/%s", prio_config_foreign_dir(cfg),
		    draft ? "drafts" : "tasks");
		name_file(cli, o, ns, folder);
		free(folder);
	}
	free(why);
	free(ord);
	free(rest);
	return rc;
}

static int
new_story(struct cli *cli, struct new_opts *o)
{
	struct prio_buf tmpl = PRIO_BUF_INIT, data = PRIO_BUF_INIT;
	struct new_story ns = { .nedits = 0 };
	struct cli_change change;
	char *err = NULL;
	size_t i;
	int rc;

	cli_change_init(&change);
	if ((rc = cli_today(ns.today)) != EXIT_OK ||
	    (o->commit && (rc = cli_change_begin(cli, &change, true)) != EXIT_OK) ||
	    (rc = cli_load_backlog(cli, NULL, false)) != EXIT_OK)
		goto out;
	if (prio_config_foreign_dir(cli->backlog->config)) {
		if ((rc = new_bmd(cli, o, &ns, &data)) != EXIT_OK ||
		    (rc = need_message(cli, o)) != EXIT_OK)
			goto out;
		goto made;
	}
	if ((rc = read_template(cli, o->template, &tmpl)) != EXIT_OK ||
	    (rc = next_id(cli, &ns)) != EXIT_OK ||
	    (rc = build_edits(cli, o, &ns, &tmpl)) != EXIT_OK)
		goto out;
	if ((rc = need_message(cli, o)) != EXIT_OK)
		goto out;
	if (prio_template_fill(&data, tmpl.ptr, tmpl.len, cli->backlog->config,
	    ns.edits, ns.nedits, o->acs, o->nacs, &err) != PRIO_OK) {
		cli_error("cannot make the story from the template '%s': %s",
		    o->template, err);
		rc = EXIT_REFUSED;
		goto out;
	}
	name_file(cli, o, &ns, PRIO_STORIES_DIR);
made:
	if (!o->edit && story_errors(cli, o, &change, ns.path, data.ptr,
	    data.len)) {
		cli_error("nothing was created: the story would have errors");
		rc = EXIT_REFUSED;
		goto out;
	}
	if ((rc = stories_dir(cli, ns.path)) == EXIT_OK)
		rc = create(cli, o, &ns, &change, &data);
out:
	for (i = 0; i < ns.nedits; i++)
		prio_strv_free(ns.lists[i], ns.edits[i].nitems);
	free(ns.lists);
	free(ns.edits);
	free(ns.path);
	free(ns.abs);
	free(err);
	prio_buf_free(&tmpl);
	prio_buf_free(&data);
	cli_change_free(&change);
	return rc;
}

static int
check_args(struct cli *cli, struct new_opts *o)
{
	size_t i;
	int rc;

	if (o->title == NULL)
		return cli_usage_error(cli, "give the story a title, such as "
		    "prio new \"Pay offline\"");
	o->title = trim(o->title);
	if ((rc = check_text(cli, "title", o->title)) != EXIT_OK)
		return rc;
	for (i = 0; i < o->nacs; i++) {
		o->acs[i] = trim(o->acs[i]);
		if ((rc = check_text(cli, "criterion (--ac)", o->acs[i])) !=
		    EXIT_OK)
			return rc;
	}
	if (!prio_template_name_valid(o->template))
		return cli_usage_error(cli, "'%s' is not a template name; "
		    "use story, bug, spike or the name of a file in "
		    "backlog/templates/", o->template);
	if (o->message && !o->commit)
		return cli_usage_error(cli, "-m is the commit message: use it "
		    "with --commit");
	return EXIT_OK;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct cli_getopt g = { 0 };
	struct new_opts o = { .template = "story" };
	int c, rc;

	o.acs = prio_xcalloc((size_t)argc + 1, sizeof(*o.acs));
	o.fields = prio_xcalloc((size_t)argc + 1, sizeof(*o.fields));
	while ((c = cli_getopt(cli, &g, argc, argv)) != -1) {
		switch (c) {
		case 1:
			if (o.title) {
				rc = cli_usage_error(cli, "give the title as one "
				    "argument, in quotes: \"%s %s\"", o.title,
				    optarg);
				goto out;
			}
			o.title = optarg;
			break;
		case OPT_NEW_AC:
			o.acs[o.nacs++] = optarg;
			break;
		case OPT_NEW_STATUS:
			o.status = optarg;
			break;
		case OPT_NEW_FIELD:
			o.fields[o.nfields++] = optarg;
			break;
		case 't':
			o.template = optarg;
			break;
		case OPT_NEW_EDIT:
			o.edit = true;
			break;
		case OPT_NEW_COMMIT:
			o.commit = true;
			break;
		case 'm':
			o.message = optarg;
			break;
		default:
			if (cli_commit_option(cli, c, optarg))
				break;
			rc = cli_bad_option(cli, c, argv);
			goto out;
		}
	}
	/* After "--" (a title that starts with '-'). */
	for (; optind < argc; optind++) {
		if (o.title) {
			rc = cli_usage_error(cli, "give the title as one "
			    "argument, in quotes: \"%s %s\"", o.title,
			    argv[optind]);
			goto out;
		}
		o.title = argv[optind];
	}
	if ((rc = check_args(cli, &o)) == EXIT_OK)
		rc = new_story(cli, &o);
out:
	free(o.acs);
	free(o.fields);
	return rc;
}

static const struct cli_opt opts[] = {
	{ 't', 't', "template", CLI_ARG_REQUIRED, "<name>",
	    .help = "story (default), bug, spike, or any\n"
	    "backlog/templates/<name>.md, which also overrides\n"
	    "the built-in ones",
	    .complete = CLI_COMPLETE_WORDS, .words = "story bug spike" },
	{ OPT_NEW_AC, 0, "ac", CLI_ARG_REQUIRED, "<text>",
	    .help = "an acceptance criterion (repeat for more)",
	    .repeat = true },
	{ OPT_NEW_STATUS, 0, "status", CLI_ARG_REQUIRED, "<s>",
	    .help = "the status (default: the template's, else the first)",
	    .complete = CLI_COMPLETE_STATUS },
	{ OPT_NEW_FIELD, 0, "field", CLI_ARG_REQUIRED, "<key>=<value>",
	    .help = "set a front-matter field (repeat for more); labels\n"
	    "and depends-on take a list: labels=a,b",
	    .repeat = true },
	{ OPT_NEW_EDIT, 0, "edit", CLI_ARG_NONE, NULL,
	    .help = "open the new story in $VISUAL, $EDITOR or vi" },
	{ OPT_NEW_COMMIT, 0, "commit", CLI_ARG_NONE, NULL,
	    .help = "commit the new story" },
	{ 'm', 'm', "message", CLI_ARG_REQUIRED, "<why>",
	    .help = "the commit's rationale (with --commit)" },
	{ .include = cli_commit_opts },
	{ 0 }
};

static const struct cli_operand operands[] = {
	{ "title", .complete = CLI_COMPLETE_NONE },
	{ 0 }
};

const struct cmd cmd_new = {
	.name = "new",
	.usage = "<title> [-t <template>] [--ac <text>]... [--status <s>] "
	    "[--field <k>=<v>]... [--edit] [--commit -m <why>]",
	.summary = "Create a story from a template with the next free ID",
	.help =
	    "Writes backlog/stories/<id>-<slug>.md and prints its path as "
	    "the last line.\nThe ID is one above the highest in the work "
	    "tree and on every local and\nremote-tracking branch; the slug "
	    "is a short lowercase form of the title.\nThe story's id, "
	    "title, status and created date are set in the template's\n"
	    "front matter and quoted as YAML needs.  A story that would "
	    "have errors\n(prio check) is not created; an existing file is "
	    "never replaced.\n\n"
	    "In a Backlog.md project it writes what 'backlog task create' "
	    "would: the next\nID, backlog/tasks/back-7 - Title.md (drafts/ "
	    "for status Draft, the\ndefault), the Description (--field "
	    "description=...) and Acceptance\nCriteria sections, an ordinal "
	    "1000 above the highest.\n",
	.opts = opts,
	.operands = operands,
	.args_order = CLI_ARGS_INLINE,
	.epilog =
	    "PRIO_TODAY=<yyyy-mm-dd> sets the created date; "
	    "PRIO_TEMPLATE_DIR=<dir>\nreplaces the installed templates; "
	    "PRIO_NOW='<yyyy-mm-dd hh:mm>' sets a Backlog.md\ntask's "
	    "created_date (UTC).\n",
	.flags = CMD_NEEDS_REPO,
	.run = run,
};
