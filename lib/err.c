/* err.c - error names and failure details. */
#include "compat.h"

#include "smallrun/err.h"

static const char *const err_names[SR_ERR__MAX] = {
	[SR_OK] = "success",	       [SR_ENOMEM] = "out of memory",
	[SR_EINVAL] = "invalid input", [SR_ENOTFOUND] = "not found",
	[SR_ECONFLICT] = "conflict",   [SR_EDB] = "database error",
	[SR_ETOOBIG] = "too large",    [SR_EIO] = "input/output error",
	[SR_EAUTH] = "not logged in",  [SR_EDENIED] = "not allowed",
	[SR_EBUSY] = "busy",
};

const char *sr_strerror(enum sr_err err)
{
	if ((unsigned)err >= SR_ERR__MAX)
		return "unknown error";
	return err_names[err];
}

enum sr_err sr_fail_oom(struct sr_fail *f)
{
	return sr_fail_set(f, SR_ENOMEM, "out_of_memory", NULL,
			   "out of memory");
}

enum sr_err sr_fail_set(struct sr_fail *f, enum sr_err err, const char *code,
			const char *field, const char *fmt, ...)
{
	va_list ap;

	if (!f)
		return err;
	f->err = err;
	f->code = code;
	sr_buf_reset(&f->field);
	sr_buf_adds(&f->field, field ? field : "");
	sr_buf_reset(&f->details);
	sr_buf_reset(&f->message);
	va_start(ap, fmt);
	sr_buf_vaddf(&f->message, fmt, ap);
	va_end(ap);
	if (f->message.err == SR_ETOOBIG) {
		/* Say the message was cut rather than cutting it silently. */
		char *cut = malloc(f->message.max - 2);

		sr_buf_reset(&f->message);
		if (cut) {
			va_start(ap, fmt);
			vsnprintf(cut, f->message.max - 2, fmt, ap);
			va_end(ap);
			sr_buf_adds(&f->message, cut);
			sr_buf_adds(&f->message, "...");
			free(cut);
		}
	}
	return err;
}

void sr_fail_release(struct sr_fail *f)
{
	f->err = SR_OK;
	f->code = "";
	sr_buf_release(&f->field);
	sr_buf_release(&f->message);
	sr_buf_release(&f->details);
}

void sr_fail_prefix(struct sr_fail *f, const char *what)
{
	struct sr_buf msg = SR_BUF_INIT(SR_FAIL_MAX);

	if (!f)
		return;
	sr_buf_addf(&msg, "%s %s", what, f->message.data);
	sr_buf_reset(&f->message);
	sr_buf_adds(&f->message, msg.data);
	sr_buf_release(&msg);
}
