// Types of messages.js for the tests that check the console's texts (the console itself is plain JavaScript).
export declare const en: Readonly<Record<string, string>>;
export declare const zh: Readonly<Record<string, string>>;
