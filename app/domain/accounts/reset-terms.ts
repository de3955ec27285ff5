/** An e-mailed link works for an hour; a link an admin hands over (on paper, by WeChat) for three days. */
export const EMAILED_RESET_MINUTES = 60;
export const ISSUED_RESET_DAYS = 3;
