package dev.mailguard.core;

import org.apache.commons.lang3.StringUtils;

/** SPEC.md section 4: every character of a greeting line's text becomes {@code *}. */
public final class BannerMask {
    private BannerMask() {
    }

    /** @param text one greeting line without its code and separator */
    public static String mask(String text) {
        return StringUtils.repeat('*', text.length());
    }
}
