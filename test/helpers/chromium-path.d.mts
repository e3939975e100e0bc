/** Path of the Chromium that browser tests launch, or undefined when none is installed. */
export declare const chromiumPath: string | undefined;

/** Flags for a headless Chromium on a machine with no outside network. */
export declare const chromiumArgs: string[];
