/*
 * The config git hands a subcommand in its environment: `git -c k=v
 * prio ...` puts k=v in GIT_CONFIG_PARAMETERS, and GIT_CONFIG_COUNT,
 * GIT_CONFIG_KEY_<n> and GIT_CONFIG_VALUE_<n> add more.  libgit2 reads
 * neither, so prio reads them here, for the settings its own output
 * follows (color.ui, pager.prio, core.pager).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

/*
 * One single-quoted word of GIT_CONFIG_PARAMETERS at *p, unquoted in
 * place, as the shell (and git's sq_dequote) reads it: 'it'\''s' is
 * "it's".  Returns the word and leaves *p after it, or NULL when the
 * text is not quoted so.
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

/* Records value (NULL: the key alone, a boolean true) as the latest
 * for name when key is name (section and key in any case). */
static void
take(const char *key, size_t klen, const char *value, const char *name,
    char **out)
{
	if (strlen(name) != klen || strncasecmp(key, name, klen) != 0)
		return;
	free(*out);
	*out = prio_xstrdup(value ? value : "true");
}

/* GIT_CONFIG_PARAMETERS: 'key'='value' (or 'key'=, true) words, or
 * the older 'key=value', separated by spaces. */
static void
from_parameters(const char *env, const char *name, char **out)
{
	char *text = prio_xstrdup(env), *p = text, *key, *value, *eq;

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
			take(key, strlen(key), value, name, out);
		} else if ((eq = strchr(key, '=')) != NULL)
			take(key, (size_t)(eq - key), eq + 1, name, out);
		else
			take(key, strlen(key), NULL, name, out);
	}
	free(text);
}

/* GIT_CONFIG_COUNT=<n> with GIT_CONFIG_KEY_<i> and GIT_CONFIG_VALUE_<i>. */
static void
from_count(const char *name, char **out)
{
	const char *env = getenv("GIT_CONFIG_COUNT"), *key, *value;
	char var[40];
	long n, i;

	if (env == NULL || (n = strtol(env, NULL, 10)) <= 0)
		return;
	for (i = 0; i < n && i < 100000; i++) {
		snprintf(var, sizeof(var), "GIT_CONFIG_KEY_%ld", i);
		key = getenv(var);
		snprintf(var, sizeof(var), "GIT_CONFIG_VALUE_%ld", i);
		value = getenv(var);
		if (key && value)
			take(key, strlen(key), value, name, out);
	}
}

char *
cli_config_env(const char *name)
{
	const char *params = getenv("GIT_CONFIG_PARAMETERS");
	char *value = NULL;

	/* git reads the count first: -c (the parameters) wins. */
	from_count(name, &value);
	if (params)
		from_parameters(params, name, &value);
	return value;
}
