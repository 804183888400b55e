<?php

declare(strict_types=1);

/*
 * The custom webservice operation "gettranslation": translates Vtiger language labels.
 * Copy this file to include/Webservices/GetTranslation.php under the Vtiger root and
 * register the operation with ../../register.php.
 *
 * Vtiger 8 on PHP 8 calls a handler with named arguments: every registered parameter
 * (totranslate, language, module) is a parameter of this function under the same name, and
 * the calling user arrives as $user. The order also matches the registered sequence, so
 * the handler works with positional dispatch (PHP 7, or a patched Vtiger) as well.
 */

/**
 * @param mixed $totranslate the decoded "encoded" parameter: a list of labels
 * @param mixed $user        the calling Users object
 * @return array<string, string>|null label => translation; null without labels
 */
function vtws_gettranslation($totranslate, ?string $language, ?string $module, $user): ?array
{
    // Vtiger passes null for a missing or empty parameter and for invalid JSON.
    if (!is_array($totranslate)) {
        return null;
    }
    $translated = [];
    foreach ($totranslate as $label) {
        $label = (string) $label;
        $translated[$label] = Vtiger_Functions::getTranslatedString($label, $module ?? 'Vtiger', $language ?? '');
    }
    return $translated;
}
