/*
 * Score formulas (see prio/score.h): a recursive-descent parser into a
 * small expression tree, evaluated once per story.
 *
 * The tree is stored in postorder, every node after its operands, so
 * evaluation is one loop over a small value stack.  A recursive walk
 * would go as deep as the tree, and a 4096-byte "a+a+...+a" is a tree
 * 2048 levels deep; the loop's stack only grows with parentheses, which
 * the parser limits.
 */
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "prio/buf.h"
#include "prio/error.h"
#include "prio/score.h"

/* Bounds that keep a hostile formula cheap to reject and to evaluate. */
#define SCORE_MAX_LEN	4096
#define SCORE_MAX_DEPTH	64
/*
 * Each level of parentheses holds at most two pending operands on the
 * evaluation stack (the left side of a + or -, and of a * or /), and the
 * innermost level pushes at most three values.
 */
#define SCORE_STACK_MAX	(2 * SCORE_MAX_DEPTH + 3)
/* Long names and numbers are cut short when quoted in a message. */
#define SCORE_QUOTE_MAX	32

enum score_op {
	SCORE_NUMBER,
	SCORE_FIELD,
	SCORE_NEG,
	SCORE_ADD,
	SCORE_SUB,
	SCORE_MUL,
	SCORE_DIV
};

struct score_node {
	enum score_op op;
	double number;		/* SCORE_NUMBER */
	size_t field;		/* SCORE_FIELD: index into fields */
};

struct prio_score {
	struct score_node *nodes;	/* postorder */
	size_t nnodes;
	size_t nodes_cap;
	char **fields;			/* distinct, in first-use order */
	size_t nfields;
	size_t fields_cap;
};

enum score_token {
	TOK_END,
	TOK_NUMBER,
	TOK_NAME,
	TOK_PLUS,
	TOK_MINUS,
	TOK_STAR,
	TOK_SLASH,
	TOK_LPAREN,
	TOK_RPAREN
};

struct score_parser {
	const char *src;
	size_t len;
	size_t pos;		/* where the lexer resumes */
	enum score_token tok;	/* the lookahead token ... */
	size_t tok_start;	/* ... its byte offset ... */
	size_t tok_len;		/* ... and length */
	double tok_number;	/* TOK_NUMBER's value */
	size_t prev_end;	/* the end of the last token consumed */
	unsigned depth;		/* open parentheses and unary minuses */
	size_t height;		/* the evaluation stack after the nodes so far */
	struct prio_score *score;
	struct prio_buf err;
	size_t err_at;		/* 0-based offset of the problem */
	bool failed;
};

static const struct {
	const char *name;
	const char *formula;
} score_presets[] = {
	{ "wsjf", "(value + urgency + risk) / effort" },
	{ "rice", "reach * impact * confidence / effort" },
	{ "ice", "impact * confidence * ease" },
	{ "value-per-effort", "value / effort" },
};

const char *
prio_score_preset(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < sizeof(score_presets) / sizeof(score_presets[0]); i++) {
		if (strcmp(score_presets[i].name, name) == 0)
			return score_presets[i].formula;
	}
	return NULL;
}

/* ASCII only: <ctype.h> answers by locale and wants unsigned chars. */
static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool
is_letter(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Records the first error only: later ones are its consequences. */
__attribute__((format(printf, 3, 4)))
static int
fail(struct score_parser *p, size_t at, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return -1;
	p->failed = true;
	p->err_at = at;
	va_start(ap, fmt);
	prio_buf_vaddf(&p->err, fmt, ap);
	va_end(ap);
	return -1;
}

/* Appends 'text', cut short if long.  Token text is ASCII, so the cut
 * never splits a character. */
static void
quote_span(struct prio_buf *b, const char *s, size_t n)
{
	prio_buf_addch(b, '\'');
	if (n > SCORE_QUOTE_MAX) {
		prio_buf_add(b, s, SCORE_QUOTE_MAX - 3);
		prio_buf_adds(b, "...");
	} else
		prio_buf_add(b, s, n);
	prio_buf_addch(b, '\'');
}

/* The length of the valid UTF-8 sequence at s, or 0. */
static size_t
utf8_length(const unsigned char *s, size_t avail)
{
	size_t n, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > avail)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	}
	return n;
}

/* Quotes the character at s so a terminal shows it: a whole UTF-8
 * character ("×" is a likely typo), or a control byte as \xNN. */
static void
quote_character(struct prio_buf *b, const char *s, size_t avail)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = utf8_length(u, avail);

	prio_buf_addch(b, '\'');
	if (n)
		prio_buf_add(b, s, n);
	else if (u[0] < 0x20 || u[0] >= 0x7f)
		prio_buf_addf(b, "\\x%02x", u[0]);
	else
		prio_buf_addch(b, u[0]);
	prio_buf_addch(b, '\'');
}

/* What the lookahead token is, for "but found ..." in a message. */
static char *
describe_token(const struct score_parser *p)
{
	struct prio_buf b = PRIO_BUF_INIT;

	if (p->tok == TOK_END)
		prio_buf_adds(&b, "the end of the formula");
	else
		quote_span(&b, p->src + p->tok_start, p->tok_len);
	return prio_buf_detach(&b, NULL);
}

static int
fail_character(struct score_parser *p)
{
	struct prio_buf q = PRIO_BUF_INIT;
	int rc;

	quote_character(&q, p->src + p->pos, p->len - p->pos);
	rc = fail(p, p->pos, "unexpected character %s", q.ptr);
	prio_buf_free(&q);
	return rc;
}

/*
 * Converts "digits[.digits]" with strtod, which reads the decimal point
 * of the current locale: swap it in so "0.5" means a half everywhere.
 */
static double
number_value(const char *s, size_t n)
{
	struct prio_buf b = PRIO_BUF_INIT;
	const char *dot = memchr(s, '.', n);
	double v;

	if (dot == NULL)
		prio_buf_add(&b, s, n);
	else {
		prio_buf_add(&b, s, (size_t)(dot - s));
		prio_buf_adds(&b, localeconv()->decimal_point);
		prio_buf_add(&b, dot + 1, n - (size_t)(dot - s) - 1);
	}
	v = strtod(b.ptr, NULL);
	prio_buf_free(&b);
	return v;
}

/* Only plain decimals: digits, optionally '.' and more digits. */
static bool
number_is_plain(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && is_digit(s[i]))
		i++;
	if (i == 0)
		return false;
	if (i == n)
		return true;
	if (s[i++] != '.' || i == n)
		return false;
	while (i < n && is_digit(s[i]))
		i++;
	return i == n;
}

/*
 * A number runs on through letters, digits, '_' and '.', so "1.2.3",
 * "1e5" and "2value" are each reported whole rather than as a number
 * followed by something puzzling.
 */
static int
lex_number(struct score_parser *p)
{
	const char *s = p->src + p->tok_start;
	size_t n = 0;
	struct prio_buf q = PRIO_BUF_INIT;
	int rc = 0;

	while (p->tok_start + n < p->len && (is_digit(s[n]) ||
	    is_letter(s[n]) || s[n] == '_' || s[n] == '.'))
		n++;
	p->tok = TOK_NUMBER;
	p->tok_len = n;
	p->pos += n;
	quote_span(&q, s, n);
	if (!number_is_plain(s, n))
		rc = fail(p, p->tok_start, "malformed number %s (write a plain "
		    "decimal such as 3 or 0.5)", q.ptr);
	else {
		p->tok_number = number_value(s, n);
		if (!isfinite(p->tok_number))
			rc = fail(p, p->tok_start, "number %s is too large",
			    q.ptr);
	}
	prio_buf_free(&q);
	return rc;
}

/*
 * A name is a letter, then letters, digits, '_' and '-'.  A trailing '-'
 * is left to be an operator, so "value- 1" subtracts rather than naming
 * a field "value-".
 */
static int
lex_name(struct score_parser *p)
{
	const char *s = p->src + p->tok_start;
	size_t n = 1;

	while (p->tok_start + n < p->len && (is_letter(s[n]) ||
	    is_digit(s[n]) || s[n] == '_' || s[n] == '-'))
		n++;
	while (s[n - 1] == '-')
		n--;
	p->tok = TOK_NAME;
	p->tok_len = n;
	p->pos += n;
	return 0;
}

static enum score_token
punctuation(int c)
{
	switch (c) {
	case '+':
		return TOK_PLUS;
	case '-':
		return TOK_MINUS;
	case '*':
		return TOK_STAR;
	case '/':
		return TOK_SLASH;
	case '(':
		return TOK_LPAREN;
	case ')':
		return TOK_RPAREN;
	default:
		return TOK_END;
	}
}

/* Consumes the lookahead token and reads the next. */
static int
advance(struct score_parser *p)
{
	const char *s = p->src;
	enum score_token t;

	p->prev_end = p->tok_start + p->tok_len;
	while (p->pos < p->len && is_space(s[p->pos]))
		p->pos++;
	p->tok_start = p->pos;
	p->tok_len = 0;
	p->tok = TOK_END;
	if (p->pos == p->len)
		return 0;
	if (is_digit(s[p->pos]) || (s[p->pos] == '.' &&
	    p->pos + 1 < p->len && is_digit(s[p->pos + 1])))
		return lex_number(p);
	if (is_letter(s[p->pos]))
		return lex_name(p);
	if ((t = punctuation(s[p->pos])) == TOK_END)
		return fail_character(p);
	p->tok = t;
	p->tok_len = 1;
	p->pos++;
	return 0;
}

/* The index of a field name, added on first use. */
static size_t
intern_field(struct prio_score *score, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < score->nfields; i++) {
		if (strlen(score->fields[i]) == len &&
		    memcmp(score->fields[i], name, len) == 0)
			return i;
	}
	prio_xgrow(&score->fields, &score->fields_cap, score->nfields + 1,
	    sizeof(*score->fields));
	score->fields[score->nfields] = prio_xstrndup(name, len);
	return score->nfields++;
}

/*
 * Appends a node and tracks how high the evaluation stack gets.  The
 * bound cannot be passed given the depth limit, but checking it here is
 * what lets prio_score_eval() use a fixed array without a doubt.
 */
static int
emit(struct score_parser *p, enum score_op op, double number, size_t field)
{
	struct prio_score *score = p->score;
	struct score_node *n;

	if (op == SCORE_NUMBER || op == SCORE_FIELD)
		p->height++;
	else if (op != SCORE_NEG)
		p->height--;
	if (p->height > SCORE_STACK_MAX)
		return fail(p, p->tok_start, "formula is too complex");
	prio_xgrow(&score->nodes, &score->nodes_cap, score->nnodes + 1,
	    sizeof(*score->nodes));
	n = &score->nodes[score->nnodes++];
	n->op = op;
	n->number = number;
	n->field = field;
	return 0;
}

/* Counts one more level of nesting, at the lookahead '(' or '-'. */
static int
enter(struct score_parser *p)
{
	if (p->depth == SCORE_MAX_DEPTH)
		return fail(p, p->tok_start, "formula nests deeper than %d "
		    "levels", SCORE_MAX_DEPTH);
	p->depth++;
	return 0;
}

static int
fail_operand(struct score_parser *p)
{
	char *found = describe_token(p);
	int rc;

	rc = fail(p, p->tok_start, "expected a number, a field name or '(' "
	    "but found %s", found);
	free(found);
	return rc;
}

/* The group opened at offset open lacks its ')'. */
static int
fail_close(struct score_parser *p, size_t open)
{
	struct prio_buf q = PRIO_BUF_INIT;
	char *found;
	int rc;

	if (p->tok != TOK_END) {
		found = describe_token(p);
		rc = fail(p, p->tok_start, "expected an operator or ')' but "
		    "found %s", found);
		free(found);
		return rc;
	}
	quote_span(&q, p->src + open, p->prev_end - open);
	rc = fail(p, p->tok_start, "expected ')' after %s", q.ptr);
	prio_buf_free(&q);
	return rc;
}

/* Something follows a complete formula. */
static int
fail_trailing(struct score_parser *p)
{
	char *found;
	int rc;

	if (p->tok == TOK_RPAREN)
		return fail(p, p->tok_start, "unmatched ')'");
	found = describe_token(p);
	rc = fail(p, p->tok_start, "expected an operator but found %s", found);
	free(found);
	return rc;
}

static int parse_expr(struct score_parser *);

static int
parse_group(struct score_parser *p)
{
	size_t open = p->tok_start;

	if (enter(p) != 0 || advance(p) != 0 || parse_expr(p) != 0)
		return -1;
	if (p->tok != TOK_RPAREN)
		return fail_close(p, open);
	p->depth--;
	return advance(p);
}

static int
parse_primary(struct score_parser *p)
{
	size_t field;

	switch (p->tok) {
	case TOK_NUMBER:
		if (emit(p, SCORE_NUMBER, p->tok_number, 0) != 0)
			return -1;
		return advance(p);
	case TOK_NAME:
		field = intern_field(p->score, p->src + p->tok_start,
		    p->tok_len);
		if (emit(p, SCORE_FIELD, 0, field) != 0)
			return -1;
		return advance(p);
	case TOK_LPAREN:
		return parse_group(p);
	default:
		return fail_operand(p);
	}
}

static int
parse_unary(struct score_parser *p)
{
	if (p->tok != TOK_MINUS)
		return parse_primary(p);
	if (enter(p) != 0 || advance(p) != 0 || parse_unary(p) != 0)
		return -1;
	p->depth--;
	return emit(p, SCORE_NEG, 0, 0);
}

static int
parse_term(struct score_parser *p)
{
	enum score_op op;

	if (parse_unary(p) != 0)
		return -1;
	while (p->tok == TOK_STAR || p->tok == TOK_SLASH) {
		op = p->tok == TOK_STAR ? SCORE_MUL : SCORE_DIV;
		if (advance(p) != 0 || parse_unary(p) != 0 ||
		    emit(p, op, 0, 0) != 0)
			return -1;
	}
	return 0;
}

static int
parse_expr(struct score_parser *p)
{
	enum score_op op;

	if (parse_term(p) != 0)
		return -1;
	while (p->tok == TOK_PLUS || p->tok == TOK_MINUS) {
		op = p->tok == TOK_PLUS ? SCORE_ADD : SCORE_SUB;
		if (advance(p) != 0 || parse_term(p) != 0 ||
		    emit(p, op, 0, 0) != 0)
			return -1;
	}
	return 0;
}

static int
parse_formula(struct score_parser *p)
{
	if (p->len > SCORE_MAX_LEN)
		return fail(p, SCORE_MAX_LEN, "formula is longer than %d bytes",
		    SCORE_MAX_LEN);
	if (advance(p) != 0)
		return -1;
	if (p->tok == TOK_END)
		return fail(p, 0, "empty formula");
	if (parse_expr(p) != 0)
		return -1;
	if (p->tok != TOK_END)
		return fail_trailing(p);
	return 0;
}

int
prio_score_parse(struct prio_score **out, const char *formula, char **err,
    unsigned *column)
{
	struct score_parser p;

	memset(&p, 0, sizeof(p));
	p.src = formula ? formula : "";
	p.len = strlen(p.src);
	prio_buf_init(&p.err);
	p.score = prio_xcalloc(1, sizeof(*p.score));
	*out = NULL;
	if (err)
		*err = NULL;
	if (column)
		*column = 0;
	if (parse_formula(&p) != 0) {
		prio_score_free(p.score);
		if (err)
			*err = prio_buf_detach(&p.err, NULL);
		if (column)
			*column = (unsigned)p.err_at + 1;
		prio_buf_free(&p.err);
		return PRIO_EINVAL;
	}
	prio_buf_free(&p.err);
	*out = p.score;
	return PRIO_OK;
}

/* Applies one node to the stack; false when the story has no score. */
static bool
eval_node(const struct prio_score *s, const struct score_node *n,
    prio_score_lookup_fn lookup, void *payload, double *stack, size_t *sp)
{
	double a, b, v;

	switch (n->op) {
	case SCORE_NUMBER:
	case SCORE_FIELD:
		if (*sp == SCORE_STACK_MAX)
			return false;
		if (n->op == SCORE_NUMBER)
			v = n->number;
		else if (!lookup(payload, s->fields[n->field], &v))
			return false;
		stack[(*sp)++] = v;
		return isfinite(v);
	case SCORE_NEG:
		stack[*sp - 1] = -stack[*sp - 1];
		return true;
	default:
		break;
	}
	b = stack[--*sp];
	a = stack[*sp - 1];
	switch (n->op) {
	case SCORE_ADD:
		v = a + b;
		break;
	case SCORE_SUB:
		v = a - b;
		break;
	case SCORE_MUL:
		v = a * b;
		break;
	default:
		if (b == 0)
			return false;
		v = a / b;
		break;
	}
	stack[*sp - 1] = v;
	return isfinite(v);
}

bool
prio_score_eval(const struct prio_score *s, prio_score_lookup_fn lookup,
    void *payload, double *score)
{
	double stack[SCORE_STACK_MAX];
	size_t sp = 0, i;

	if (s == NULL)
		return false;
	for (i = 0; i < s->nnodes; i++) {
		if (!eval_node(s, &s->nodes[i], lookup, payload, stack, &sp))
			return false;
	}
	if (sp != 1)
		return false;
	/* -0 would print as "-0" in listings and JSON. */
	*score = stack[0] == 0 ? 0 : stack[0];
	return true;
}

size_t
prio_score_field_count(const struct prio_score *s)
{
	return s ? s->nfields : 0;
}

const char *
prio_score_field(const struct prio_score *s, size_t i)
{
	if (s == NULL || i >= s->nfields)
		return NULL;
	return s->fields[i];
}

void
prio_score_free(struct prio_score *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nfields; i++)
		free(s->fields[i]);
	free(s->fields);
	free(s->nodes);
	free(s);
}
