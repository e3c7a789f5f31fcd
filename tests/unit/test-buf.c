/* test-buf.c - growable buffers keep their invariants. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "smallrun/buf.h"
#include "smallrun/err.h"

Test(buf, empty_buffer_is_a_valid_string)
{
	struct sr_buf b = SR_BUF_INIT(16);

	cr_assert_not_null(b.data);
	cr_assert_str_eq(b.data, "");
	sr_buf_reset(&b);
	cr_assert_str_eq(b.data, "");
	sr_buf_release(&b);
	cr_assert_str_eq(b.data, "");
}

Test(buf, grows_and_formats)
{
	struct sr_buf b = SR_BUF_INIT(1 << 20);

	for (int i = 0; i < 1000; i++)
		cr_assert_eq(sr_buf_addf(&b, "%d,", i), 0);
	cr_assert_eq(strncmp(b.data, "0,1,2,", 6), 0);
	cr_assert_eq(b.len, strlen(b.data));
	cr_assert_eq(b.err, 0);
	sr_buf_release(&b);
}

Test(buf, cap_is_enforced_and_error_sticks)
{
	struct sr_buf b = SR_BUF_INIT(8);

	cr_assert_eq(sr_buf_adds(&b, "12345678"), 0);
	cr_assert_eq(sr_buf_addch(&b, '9'), SR_ETOOBIG);
	cr_assert_str_eq(b.data, "12345678");
	/* Sticky: later small appends do nothing and report the error. */
	sr_buf_reset(&b);
	cr_assert_eq(b.err, 0);
	cr_assert_eq(sr_buf_adds(&b, "123456789"), SR_ETOOBIG);
	cr_assert_eq(sr_buf_adds(&b, "1"), SR_ETOOBIG);
	cr_assert_str_eq(b.data, "");
	sr_buf_release(&b);
}

Test(buf, addf_respects_cap)
{
	struct sr_buf b = SR_BUF_INIT(10);

	cr_assert_eq(sr_buf_addf(&b, "%s", "far too long for ten"),
		     SR_ETOOBIG);
	cr_assert_eq(b.len, 0);
	sr_buf_release(&b);
}

Test(buf, detach_hands_over_ownership)
{
	struct sr_buf b = SR_BUF_INIT(64);
	size_t len;
	char *s;

	sr_buf_adds(&b, "hello");
	s = sr_buf_detach(&b, &len);
	cr_assert_str_eq(s, "hello");
	cr_assert_eq(len, 5);
	cr_assert_str_eq(b.data, "");
	free(s);
	s = sr_buf_detach(&b, &len);
	cr_assert_str_eq(s, "");
	cr_assert_eq(len, 0);
	free(s);
}

Test(buf, fail_messages_are_cut_visibly)
{
	struct sr_fail f = SR_FAIL_INIT;
	char big[SR_FAIL_MAX * 2];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	cr_assert_eq(sr_fail_set(&f, SR_EINVAL, "c", "fld", "%s", big),
		     SR_EINVAL);
	cr_assert_leq(f.message.len, SR_FAIL_MAX);
	cr_assert_str_eq(f.message.data + f.message.len - 3, "...");
	cr_assert_str_eq(f.field.data, "fld");
	cr_assert_eq(sr_fail_set(NULL, SR_ENOMEM, "c", NULL, "x"), SR_ENOMEM);
	sr_fail_release(&f);
	cr_assert_str_eq(sr_strerror(SR_ENOTFOUND), "not found");
	cr_assert_str_eq(sr_strerror((enum sr_err)999), "unknown error");
}
