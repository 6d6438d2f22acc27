/**
 * What sign-in answers, instead of a message, when the password was right and the account has
 * two-factor sign-in but no code came: the form then asks for the code (and sends the password
 * again with it; nothing is kept on the server between the two steps). In a file of its own so
 * the sign-in form can import it without the server code.
 */
export const TWO_FACTOR_NEEDED = 'TWO_FACTOR_NEEDED'

/** A code from the app that is wrong, too old, or used already (sign-in and the profile alike). */
export const WRONG_CODE = 'That code is not right. Enter the code your app shows now.'

/** Past the two-factor attempt limit; `retry` is "Try again in …". */
export const tooManyCodes = (retry: string) => `Too many wrong codes. ${retry}`
