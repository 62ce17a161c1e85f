/*
 * A Backlog.md project read as it is (see backlogmd.h): its config
 * mapped onto prio's, its folders, its IDs and its key names.  The rest
 * of the library asks here wherever the two formats differ.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "prio/buf.h"
#include "prio/error.h"
#include "prio/dialect.h"
#include "prio/story.h"
#include "backlogmd.h"
#include "config_impl.h"
#include "util.h"
#include "yaml_tree.h"

#define BMD_ROOT_CONFIG "backlog.config.yml"

/* Keys that only Backlog.md's config has; one of them marks it. */
static const char *const bmd_keys[] = { "task_prefix", "project_name",
	"default_status", "backlog_directory", "date_format",
	"check_active_branches", "auto_commit", "remote_operations",
	"zero_padded_ids", NULL };


static const struct ynode *
map_find(const struct ynode *map, const char *key)
{
	size_t i;

	for (i = 0; i + 1 < map->nkids; i += 2)
		if (map->kids[i]->kind == YNODE_SCALAR &&
		    strcmp(map->kids[i]->value, key) == 0)
			return map->kids[i + 1];
	return NULL;
}

static bool
is_bmd_config(const struct ynode *root)
{
	size_t i;

	if (root == NULL || root->kind != YNODE_MAP)
		return false;
	for (i = 0; bmd_keys[i]; i++)
		if (map_find(root, bmd_keys[i]))
			return true;
	return false;
}

static const char *
want_text(struct cfg_ctx *x, const char *key, const struct ynode *v)
{
	if (v->kind == YNODE_SCALAR && !ynode_is_null(v) && v->value[0])
		return v->value;
	cfg_error(x, v, "'%s' must be a single value", key);
	return NULL;
}

/* task_prefix: letters only, as Backlog.md demands; shown upper case. */
static void
set_prefix(struct cfg_ctx *x, const struct ynode *v)
{
	const char *s = want_text(x, "task_prefix", v);
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; s[i]; i++)
		if (!isalpha((unsigned char)s[i])) {
			cfg_error(x, v, "task_prefix '%s' must be letters "
			    "only, such as task or back", s);
			return;
		}
	free(x->c->id_prefix);
	x->c->id_prefix = prio_xstrdup(s);
	for (i = 0; x->c->id_prefix[i]; i++)
		x->c->id_prefix[i] = (char)toupper((unsigned char)s[i]);
}

static bool
is_draft(const char *s)
{
	const char *d = prio_dialect_backlogmd()->draft_status;

	return prio_ascii_ieq(s, strlen(s), d, strlen(d));
}

/*
 * Draft first (drafts live in their own folder and Backlog.md does not
 * always list the status), then the configured statuses in order; the
 * last is terminal, and criteria are needed from the first after Draft.
 */
static void
set_statuses(struct cfg_ctx *x, const struct ynode *v)
{
	static const char *const dflt[] = { "To Do", "In Progress", "Done" };
	struct prio_config *c = x->c;
	size_t i, j, n = v ? v->nkids : 3;

	if (v && (v->kind != YNODE_SEQ || v->nkids == 0)) {
		cfg_error(x, v, "'statuses' must be a list of statuses, such "
		    "as [\"To Do\", \"In Progress\", \"Done\"]");
		return;
	}
	for (i = 0; v && i < v->nkids; i++) {
		if (v->kids[i]->kind != YNODE_SCALAR ||
		    ynode_is_null(v->kids[i]) || !v->kids[i]->value[0]) {
			cfg_error(x, v->kids[i], "'statuses' must list plain "
			    "values");
			return;
		}
		for (j = 0; j < i; j++)
			if (strcmp(v->kids[i]->value, v->kids[j]->value) == 0) {
				cfg_error(x, v->kids[i], "status '%s' is "
				    "listed twice", v->kids[i]->value);
				return;
			}
	}
	prio_strv_free(c->statuses, c->nstatuses);
	free(c->terminal);
	c->statuses = prio_xcalloc(n + 1, sizeof(*c->statuses));
	c->terminal = prio_xcalloc(n + 1, sizeof(*c->terminal));
	c->nstatuses = 0;
	c->statuses[c->nstatuses++] = prio_xstrdup(c->dialect->draft_status);
	for (i = 0; i < n; i++) {
		const char *s = v ? v->kids[i]->value : dflt[i];

		if (!is_draft(s))
			c->statuses[c->nstatuses++] = prio_xstrdup(s);
	}
	if (c->nstatuses > 1)
		c->terminal[c->nstatuses - 1] = true;
	c->criteria_from = c->nstatuses > 1 ? 1 : 0;
}

/* backlog_directory: a folder inside the repository. */
static void
set_dir(struct cfg_ctx *x, const struct ynode *v)
{
	const char *s = want_text(x, "backlog_directory", v), *p;
	size_t n;

	if (s == NULL)
		return;
	for (p = s; *p; p += n + (p[n] == '/')) {
		n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.') ||
		    strchr(s, '\\') != NULL) {
			cfg_error(x, v, "backlog_directory '%s' must be a "
			    "folder inside the repository, such as backlog", s);
			return;
		}
	}
	free(x->c->dir);
	x->c->dir = prio_xstrdup(s);
}

/* priorities: the config's list (highest first), else the dialect's. */
static void
set_priorities(struct cfg_ctx *x, const struct ynode *v)
{
	const char *const *dflt = x->c->dialect->default_priorities;
	struct prio_config *c = x->c;
	size_t i, n = 0;

	if (v && (v->kind != YNODE_SEQ || v->nkids == 0)) {
		cfg_error(x, v, "'priorities' must be a list, such as "
		    "[high, medium, low]");
		return;
	}
	c->priorities = prio_xcalloc((v ? v->nkids : 3) + 1,
	    sizeof(*c->priorities));
	for (i = 0; v && i < v->nkids; i++)
		if (v->kids[i]->kind == YNODE_SCALAR &&
		    !ynode_is_null(v->kids[i]) && v->kids[i]->value[0])
			c->priorities[n++] = prio_xstrdup(v->kids[i]->value);
	for (i = 0; n == 0 && dflt[i]; i++)
		c->priorities[i] = prio_xstrdup(dflt[i]);
	c->npriorities = n ? n : i;
}

/*
 * The roles its statuses play: ready is the first after Draft ("To
 * Do"); done is "Done" (in any case) when a later status than ready has
 * that name, else the last; in-progress the one after ready when it
 * comes before done; accepted the last.  Backlog.md has no acceptance
 * apart from done, so accepted is done itself unless the project lists
 * a status after Done ([To Do, In Progress, Done, Accepted]): then that
 * status is accepted work, and `prio accept` moves a task to it.
 */
static void
set_roles(struct prio_config *c)
{
	size_t i, done;

	for (i = 0; i < PRIO_ROLE_COUNT; i++) {
		free(c->roles[i]);
		c->roles[i] = NULL;
	}
	if (c->nstatuses < 2)
		return;
	for (done = 2; done < c->nstatuses &&
	    strcasecmp(c->statuses[done], "Done") != 0; done++)
		;
	if (done == c->nstatuses)
		done = c->nstatuses - 1;
	c->roles[PRIO_ROLE_READY] = prio_xstrdup(c->statuses[1]);
	if (done > 2)
		c->roles[PRIO_ROLE_IN_PROGRESS] = prio_xstrdup(c->statuses[2]);
	c->roles[PRIO_ROLE_DONE] = prio_xstrdup(c->statuses[done]);
	c->roles[PRIO_ROLE_ACCEPTED] =
	    prio_xstrdup(c->statuses[c->nstatuses - 1]);
}

static void
apply(struct cfg_ctx *x, const struct ynode *root, bool at_root)
{
	struct prio_config *c = x->c;
	const struct ynode *v;

	c->dialect = prio_dialect_backlogmd();
	free(c->dir);
	c->dir = prio_xstrdup(c->dialect->default_dir);
	free(c->id_prefix);
	c->id_prefix = prio_xstrdup("TASK");
	if ((v = map_find(root, "task_prefix")) != NULL)
		set_prefix(x, v);
	free(c->date_format);
	c->date_format = prio_xstrdup("yyyy-mm-dd");
	if ((v = map_find(root, "date_format")) != NULL &&
	    want_text(x, "date_format", v)) {
		free(c->date_format);
		c->date_format = prio_xstrdup(v->value);
	}
	set_statuses(x, map_find(root, "statuses"));
	set_roles(c);
	set_priorities(x, map_find(root, "priorities"));
	if (at_root && (v = map_find(root, "backlog_directory")) != NULL)
		set_dir(x, v);
	free(c->criteria_heading);
	c->criteria_heading = prio_xstrdup("Acceptance Criteria");
	/* Backlog.md has no score inputs: no story could have a score. */
	c->severity[PRIO_RULE_UNSCORED] = PRIO_SEV_OFF;
}

int
backlogmd_parse_config(struct prio_config **out, const char *path,
    const char *data, size_t len, struct prio_diags *diags)
{
	struct cfg_ctx x = { .diags = diags, .path = path };
	struct ynode *root = NULL;
	size_t bad;
	int rc;

	*out = NULL;
	if (!prio_utf8_valid(data, len, &bad)) {
		unsigned line, col;

		prio_line_col(data, bad, &line, &col);
		prio_diags_add(diags, PRIO_SEV_ERROR, "config", path, line,
		    col, "the Backlog.md config is not valid UTF-8; save it as "
		    "UTF-8");
		return PRIO_ECONFIG;
	}
	if (ytree_parse(&root, data, len, 1, path, PRIO_SEV_ERROR,
	    diags) != PRIO_OK)
		return PRIO_ECONFIG;
	if (!is_bmd_config(root)) {
		ynode_free(root);
		return PRIO_ENOTFOUND;
	}
	if ((rc = prio_config_parse(&x.c, path, "", 0, diags)) == PRIO_OK) {
		apply(&x, root, strcmp(path, BMD_ROOT_CONFIG) == 0);
		if (x.errors) {
			prio_config_free(x.c);
			rc = PRIO_ECONFIG;
		} else
			*out = x.c;
	}
	ynode_free(root);
	return rc;
}
