/*
 * Author and committer.  libgit2 1.5's git_signature_default() reads
 * user.name and user.email but none of git's environment variables, and
 * tests and scripts pin dates with GIT_COMMITTER_DATE, so prio resolves
 * the identity itself, in git's order (see prio/commit.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commit_impl.h"
#include "prio/error.h"

#define IDENT_FIX "tell git who you are with\n" \
	"  git config --global user.name \"Your Name\"\n" \
	"  git config --global user.email \"you@example.com\"\n" \
	"(or, for this repository only, the same without --global)"

#define DATE_FORMS "use a date like '2005-04-07T22:13:13+0200', " \
	"'Thu, 07 Apr 2005 22:13:13 +0200' or '@1112911993 +0200'"

/* A non-empty environment variable, or NULL. */
static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* The first of the config keys that is set and not empty (caller frees). */
static char *
config_first(git_config *cfg, const char *key1, const char *key2)
{
	const char *keys[2] = { key1, key2 };
	git_buf b = { 0 };
	char *v = NULL;
	int i;

	for (i = 0; i < 2 && v == NULL; i++) {
		if (git_config_get_string_buf(&b, cfg, keys[i]) == 0 &&
		    b.size > 0)
			v = prio_xstrndup(b.ptr, b.size);
		git_buf_dispose(&b);
	}
	git_error_clear();
	return v;
}

/* Reads n digits at *p as a number; false unless all are digits. */
static bool
digits(const char **p, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return true;
}

/* "+0200", "-05:30", "Z"; the offset in minutes.  Moves *p past it. */
static bool
parse_zone(const char **p, int *minutes)
{
	int sign, h, m;

	if (**p == 'Z') {
		(*p)++;
		*minutes = 0;
		return true;
	}
	if (**p != '+' && **p != '-')
		return false;
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (!digits(p, 2, &h))
		return false;
	if (**p == ':')
		(*p)++;
	if (!digits(p, 2, &m) || h > 14 || m > 59)
		return false;
	*minutes = sign * (h * 60 + m);
	return true;
}

/* git's internal form: "<seconds> <zone>", or "@<seconds>[ <zone>]". */
static bool
parse_raw(const char *s, git_time_t *t, int *off)
{
	const char *p = s + (*s == '@');
	char *end;
	long long v;

	if (!isdigit((unsigned char)*p))
		return false;
	v = strtoll(p, &end, 10);
	p = end;
	*off = 0;
	if (*p == ' ') {
		p++;
		if (!parse_zone(&p, off))
			return false;
	} else if (*s != '@')
		return false;
	*t = (git_time_t)v;
	return *p == '\0';
}

/* Seconds since the epoch of tm, read as UTC or, without a zone, local. */
static bool
finish(struct tm *tm, bool zoned, int zone, git_time_t *t, int *off)
{
	time_t v;

	if (tm->tm_mon < 0 || tm->tm_mon > 11 || tm->tm_mday < 1 ||
	    tm->tm_mday > 31 || tm->tm_hour > 23 || tm->tm_min > 59 ||
	    tm->tm_sec > 60)
		return false;
	if (zoned) {
		v = timegm(tm);
		*t = (git_time_t)v - (git_time_t)zone * 60;
		*off = zone;
		return true;
	}
	tm->tm_isdst = -1;
	if ((v = mktime(tm)) == (time_t)-1)
		return false;
	*t = (git_time_t)v;
	*off = (int)(tm->tm_gmtoff / 60);
	return true;
}

/* "YYYY-MM-DD[T ]HH:MM[:SS[.frac]][ ][zone]" */
static bool
parse_iso(const char *s, git_time_t *t, int *off)
{
	struct tm tm = { 0 };
	const char *p = s;
	int zone = 0;
	bool zoned = false;

	if (!digits(&p, 4, &tm.tm_year) || *p++ != '-' ||
	    !digits(&p, 2, &tm.tm_mon) || *p++ != '-' ||
	    !digits(&p, 2, &tm.tm_mday) || (*p != 'T' && *p != ' '))
		return false;
	p++;
	if (!digits(&p, 2, &tm.tm_hour) || *p++ != ':' ||
	    !digits(&p, 2, &tm.tm_min))
		return false;
	if (*p == ':' && (p++, !digits(&p, 2, &tm.tm_sec)))
		return false;
	if (*p == '.' || *p == ',')
		for (p++; isdigit((unsigned char)*p); p++)
			;
	if (*p == ' ')
		p++;
	if (*p != '\0') {
		if (!parse_zone(&p, &zone))
			return false;
		zoned = true;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return *p == '\0' && finish(&tm, zoned, zone, t, off);
}

/* "[Www, ]D Mon YYYY HH:MM[:SS] zone" */
static bool
parse_rfc2822(const char *s, git_time_t *t, int *off)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct tm tm = { 0 };
	const char *p = s, *m;
	int zone, n;

	if (isalpha((unsigned char)*p)) {
		if ((p = strchr(p, ',')) == NULL)
			return false;
		for (p++; *p == ' '; p++)
			;
	}
	if (*p == '\0' ||
	    !digits(&p, isdigit((unsigned char)p[1]) ? 2 : 1, &tm.tm_mday) ||
	    *p++ != ' ' || strlen(p) < 4)
		return false;
	for (m = months; *m; m += 3)
		if (strncmp(p, m, 3) == 0)
			break;
	if (*m == '\0' || p[3] != ' ')
		return false;
	tm.tm_mon = (int)(m - months) / 3;
	p += 4;
	if (!digits(&p, 4, &n) || *p++ != ' ' ||
	    !digits(&p, 2, &tm.tm_hour) || *p++ != ':' ||
	    !digits(&p, 2, &tm.tm_min))
		return false;
	if (*p == ':' && (p++, !digits(&p, 2, &tm.tm_sec)))
		return false;
	if (*p++ != ' ' || !parse_zone(&p, &zone) || *p != '\0')
		return false;
	tm.tm_year = n - 1900;
	return finish(&tm, true, zone, t, off);
}

static bool
parse_date(const char *s, git_time_t *t, int *off)
{
	return parse_raw(s, t, off) || parse_iso(s, t, off) ||
	    parse_rfc2822(s, t, off);
}

/* One signature; who is "author" or "committer", env_who the same as
 * spelt in GIT_AUTHOR_NAME. */
static int
signature(git_signature **out, git_config *cfg, const char *who,
    const char *env_who, struct prio_diags *diags)
{
	char var[32], key[32], *name, *email;
	const char *v, *date;
	git_time_t t = 0;
	int off = 0, rc = PRIO_EINVAL;

	snprintf(var, sizeof(var), "GIT_%s_NAME", env_who);
	snprintf(key, sizeof(key), "%s.name", who);
	name = (v = env(var)) ? prio_xstrdup(v) :
	    config_first(cfg, key, "user.name");
	snprintf(var, sizeof(var), "GIT_%s_EMAIL", env_who);
	snprintf(key, sizeof(key), "%s.email", who);
	email = (v = env(var)) ? prio_xstrdup(v) :
	    config_first(cfg, key, "user.email");
	if (email == NULL && (v = env("EMAIL")))
		email = prio_xstrdup(v);
	if (name == NULL || email == NULL) {
		prio_diags_add(diags, PRIO_SEV_ERROR, "commit", NULL, 0, 0,
		    "cannot commit: no %s %s is configured; " IDENT_FIX, who,
		    name == NULL ? "name" : "email");
		goto out;
	}
	snprintf(var, sizeof(var), "GIT_%s_DATE", env_who);
	if ((date = env(var)) != NULL && !parse_date(date, &t, &off)) {
		prio_diags_add(diags, PRIO_SEV_ERROR, "commit", NULL, 0, 0,
		    "cannot read %s '%s': " DATE_FORMS, var, date);
		goto out;
	}
	if ((date ? git_signature_new(out, name, email, t, off) :
	    git_signature_now(out, name, email)) < 0) {
		rc = prio_diags_git(diags, NULL, "cannot make the %s's "
		    "signature from '%s <%s>'", who, name, email);
		goto out;
	}
	rc = PRIO_OK;
out:
	free(name);
	free(email);
	return rc;
}

int
commit_identity(git_signature **author, git_signature **committer,
    git_repository *repo, struct prio_diags *diags)
{
	git_config *cfg = NULL;
	int rc;

	*author = *committer = NULL;
	if (git_repository_config_snapshot(&cfg, repo) < 0)
		return prio_diags_git(diags, NULL, "cannot read the git "
		    "configuration");
	rc = signature(author, cfg, "author", "AUTHOR", diags);
	if (rc == PRIO_OK)
		rc = signature(committer, cfg, "committer", "COMMITTER",
		    diags);
	if (rc != PRIO_OK) {
		git_signature_free(*author);
		*author = NULL;
	}
	git_config_free(cfg);
	return rc;
}
