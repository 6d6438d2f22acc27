/**
 * What sign-in answers, instead of a message, when the password was right and the account has
 * two-factor sign-in but no code came: the form then asks for the code (and sends the password
 * again with it; nothing is kept on the server between the two steps). In a file of its own so
 * the sign-in form can import it without the server code.
 */
export const TWO_FACTOR_NEEDED = 'TWO_FACTOR_NEEDED'
