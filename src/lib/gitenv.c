/*
 * gitenv.c — `git -c` settings for libgit2 (see prio/gitenv.h): a
 * parser of git's environment variables and a read-only config backend
 * that serves what they say.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2/sys/config.h>

#include "prio/gitenv.h"
#include "prio/buf.h"

/*
 * One single-quoted word at *p, unquoted in place, as git's sq_dequote
 * reads it: 'it'\''s' is "it's".  Returns the word and leaves *p after
 * it, or NULL when the text is not quoted so.
 */
static char *
sq_word(char **p)
{
	char *src = *p, *dst, *word;

	if (*src != '\'')
		return NULL;
	word = dst = ++src;
	for (;;) {
		if (*src == '\0')
			return NULL;
		if (*src != '\'') {
			*dst++ = *src++;
			continue;
		}
		/* A closing quote, unless '\'' (or '\!') goes on. */
		if (src[1] == '\\' && (src[2] == '\'' || src[2] == '!') &&
		    src[3] == '\'') {
			*dst++ = src[2];
			src += 4;
			continue;
		}
		*dst = '\0';
		*p = src + 1;
		return word;
	}
}

/* key (klen bytes) as git stores it: section and name in lower case,
 * the subsection between them as written.  NULL when it lacks a section
 * or a name. */
static char *
normalise_key(const char *key, size_t klen)
{
	const char *first = memchr(key, '.', klen), *last = key + klen;
	char *out;
	size_t i;

	while (last > key && last[-1] != '.')
		last--;
	if (first == NULL || first == key || last == key + klen)
		return NULL;
	out = prio_xmalloc(klen + 1);
	for (i = 0; i < klen; i++) {
		const char *c = key + i;

		out[i] = c < first || c >= last ?
		    (char)tolower((unsigned char)*c) : *c;
	}
	out[klen] = '\0';
	return out;
}

static void
add(struct prio_gitenv *env, const char *key, size_t klen, const char *value)
{
	char *norm = normalise_key(key, klen);

	if (norm == NULL)
		return;
	env->entries = prio_xrealloc(env->entries,
	    (env->count + 1) * sizeof(*env->entries));
	env->entries[env->count].key = norm;
	env->entries[env->count].value = value ? prio_xstrdup(value) : NULL;
	env->count++;
}

/* GIT_CONFIG_COUNT=<n> with GIT_CONFIG_KEY_<i> and GIT_CONFIG_VALUE_<i>. */
static void
from_count(struct prio_gitenv *env)
{
	const char *count = getenv("GIT_CONFIG_COUNT"), *key, *value;
	char var[40];
	long n, i;

	if (count == NULL || (n = strtol(count, NULL, 10)) <= 0)
		return;
	for (i = 0; i < n && i < 100000; i++) {
		snprintf(var, sizeof(var), "GIT_CONFIG_KEY_%ld", i);
		key = getenv(var);
		snprintf(var, sizeof(var), "GIT_CONFIG_VALUE_%ld", i);
		value = getenv(var);
		if (key && value)
			add(env, key, strlen(key), value);
	}
}

/* GIT_CONFIG_PARAMETERS: 'key'='value' (or 'key'=, true) words, or
 * the older 'key=value', separated by spaces. */
static void
from_parameters(struct prio_gitenv *env, const char *params)
{
	char *text = prio_xstrdup(params), *p = text, *key, *value, *eq;

	while (*p) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0' || (key = sq_word(&p)) == NULL)
			break;
		if (*p == '=') {
			p++;
			value = NULL;
			if (*p == '\'' && (value = sq_word(&p)) == NULL)
				break;
			add(env, key, strlen(key), value);
		} else if ((eq = strchr(key, '=')) != NULL)
			add(env, key, (size_t)(eq - key), eq + 1);
		else
			add(env, key, strlen(key), NULL);
	}
	free(text);
}

void
prio_gitenv_read(struct prio_gitenv *env)
{
	const char *params = getenv("GIT_CONFIG_PARAMETERS");

	env->entries = NULL;
	env->count = 0;
	/* git reads the count first: -c (the parameters) wins. */
	from_count(env);
	if (params)
		from_parameters(env, params);
}

void
prio_gitenv_free(struct prio_gitenv *env)
{
	size_t i;

	for (i = 0; i < env->count; i++) {
		free(env->entries[i].key);
		free(env->entries[i].value);
	}
	free(env->entries);
	env->entries = NULL;
	env->count = 0;
}

const char *
prio_gitenv_get(const struct prio_gitenv *env, const char *key, int *found)
{
	char *norm = normalise_key(key, strlen(key));
	size_t i = env->count;

	*found = 0;
	while (norm && i-- > 0)
		if (strcmp(env->entries[i].key, norm) == 0) {
			*found = 1;
			break;
		}
	free(norm);
	return *found ? env->entries[i].value : NULL;
}

/*
 * The backend.  It owns a copy of the settings; libgit2 frees it with
 * the config.  Entries handed out are allocated per call, as libgit2
 * frees each with its own free function.
 */
struct env_backend {
	git_config_backend parent;
	struct prio_gitenv env;
	git_config_level_t level;
};

struct env_iterator {
	git_config_iterator parent;
	size_t next;
	git_config_entry *current;
};

static void
entry_free(git_config_entry *e)
{
	free(e);
}

/* An entry pointing into the backend's strings (it lives as long as the
 * config that owns the backend, as libgit2's file backend's do). */
static git_config_entry *
make_entry(const struct env_backend *b, const struct prio_gitenv_entry *src)
{
	git_config_entry *e = prio_xcalloc(1, sizeof(*e));

	e->name = src->key;
	e->value = src->value;
	e->level = b->level;
	e->free = entry_free;
	return e;
}

static int
backend_open(git_config_backend *cfg, git_config_level_t level,
    const git_repository *repo)
{
	(void)repo;
	((struct env_backend *)cfg)->level = level;
	return 0;
}

static int
backend_get(git_config_backend *cfg, const char *key, git_config_entry **out)
{
	struct env_backend *b = (struct env_backend *)cfg;
	size_t i = b->env.count;

	while (i-- > 0)
		if (strcmp(b->env.entries[i].key, key) == 0) {
			*out = make_entry(b, &b->env.entries[i]);
			return 0;
		}
	return GIT_ENOTFOUND;
}

static int
backend_read_only(void)
{
	git_error_set_str(GIT_ERROR_CONFIG, "the settings of git -c "
	    "(GIT_CONFIG_PARAMETERS) cannot be changed");
	return -1;
}

static int
backend_set(git_config_backend *cfg, const char *key, const char *value)
{
	(void)cfg, (void)key, (void)value;
	return backend_read_only();
}

static int
backend_set_multivar(git_config_backend *cfg, const char *name,
    const char *regexp, const char *value)
{
	(void)cfg, (void)name, (void)regexp, (void)value;
	return backend_read_only();
}

static int
backend_del(git_config_backend *cfg, const char *key)
{
	(void)cfg, (void)key;
	return backend_read_only();
}

static int
backend_del_multivar(git_config_backend *cfg, const char *key,
    const char *regexp)
{
	(void)cfg, (void)key, (void)regexp;
	return backend_read_only();
}

static int
iterator_next(git_config_entry **out, git_config_iterator *it)
{
	struct env_iterator *e = (struct env_iterator *)it;
	struct env_backend *b = (struct env_backend *)it->backend;

	free(e->current);
	e->current = NULL;
	if (e->next >= b->env.count)
		return GIT_ITEROVER;
	/* The iterator owns what it returns, as libgit2's contract says. */
	e->current = make_entry(b, &b->env.entries[e->next++]);
	*out = e->current;
	return 0;
}

static void
iterator_free(git_config_iterator *it)
{
	free(((struct env_iterator *)it)->current);
	free(it);
}

static int
backend_iterator(git_config_iterator **out, git_config_backend *cfg)
{
	struct env_iterator *it = prio_xcalloc(1, sizeof(*it));

	it->parent.backend = cfg;
	it->parent.next = iterator_next;
	it->parent.free = iterator_free;
	*out = &it->parent;
	return 0;
}

static int
backend_lock(git_config_backend *cfg)
{
	(void)cfg;
	return 0;
}

static int
backend_unlock(git_config_backend *cfg, int success)
{
	(void)cfg, (void)success;
	return 0;
}

static void
backend_free(git_config_backend *cfg)
{
	struct env_backend *b = (struct env_backend *)cfg;

	prio_gitenv_free(&b->env);
	free(b);
}

static struct env_backend *backend_new(const struct prio_gitenv *env);

static int
backend_snapshot(git_config_backend **out, git_config_backend *cfg)
{
	struct env_backend *b = (struct env_backend *)cfg,
	    *copy = backend_new(&b->env);

	copy->parent.readonly = 1;
	copy->level = b->level;
	*out = &copy->parent;
	return 0;
}

/* A backend holding a copy of env's settings. */
static struct env_backend *
backend_new(const struct prio_gitenv *env)
{
	struct env_backend *b = prio_xcalloc(1, sizeof(*b));
	size_t i;

	git_config_init_backend(&b->parent, GIT_CONFIG_BACKEND_VERSION);
	b->parent.readonly = 1;
	b->parent.open = backend_open;
	b->parent.get = backend_get;
	b->parent.set = backend_set;
	b->parent.set_multivar = backend_set_multivar;
	b->parent.del = backend_del;
	b->parent.del_multivar = backend_del_multivar;
	b->parent.iterator = backend_iterator;
	b->parent.snapshot = backend_snapshot;
	b->parent.lock = backend_lock;
	b->parent.unlock = backend_unlock;
	b->parent.free = backend_free;
	b->env.entries = prio_xcalloc(env->count + 1, sizeof(*env->entries));
	for (i = 0; i < env->count; i++) {
		b->env.entries[i].key = prio_xstrdup(env->entries[i].key);
		b->env.entries[i].value = env->entries[i].value ?
		    prio_xstrdup(env->entries[i].value) : NULL;
	}
	b->env.count = env->count;
	return b;
}

int
prio_gitenv_apply(git_repository *repo)
{
	struct prio_gitenv env;
	struct env_backend *b;
	git_config *cfg = NULL;
	int err;

	prio_gitenv_read(&env);
	if (env.count == 0)
		return 0;
	if ((err = git_repository_config(&cfg, repo)) == 0) {
		b = backend_new(&env);
		/* On failure libgit2 does not take the backend. */
		if ((err = git_config_add_backend(cfg, &b->parent,
		    GIT_CONFIG_LEVEL_APP, repo, 1)) < 0)
			backend_free(&b->parent);
	}
	git_config_free(cfg);
	prio_gitenv_free(&env);
	return err;
}
