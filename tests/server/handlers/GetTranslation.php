<?php

declare(strict_types=1);

/*
 * The custom operation `gettranslation`, registered in vtiger_ws_operation like the
 * Russian tutorial does it (POST, not prelogin; totranslate encoded, language, module).
 * Parameters arrive positionally in sequence order, then the calling user.
 */

function vtws_gettranslation(mixed $totranslate, ?string $language, ?string $module, ?array $user): ?array
{
    $strings = [
        'en_us' => ['SINGLE_Contacts' => 'Contact', 'Contacts' => 'Contacts', 'SINGLE_Accounts' => 'Organization',
            'Accounts' => 'Organizations', 'LBL_SAVE' => 'Save'],
        'ru_ru' => ['SINGLE_Contacts' => 'Контакт', 'Contacts' => 'Контакты', 'SINGLE_Accounts' => 'Организация',
            'Accounts' => 'Организации', 'LBL_SAVE' => 'Сохранить'],
    ];
    // Sent as GET or without totranslate, the handler has nothing to translate and returns null.
    if (!is_array($totranslate)) {
        return null;
    }
    $table = $strings[$language ?? 'en_us'] ?? $strings['en_us'];
    $translated = [];
    foreach ($totranslate as $key) {
        $key = (string) $key;
        $translated[$key] = $table[$key] ?? $key;
    }
    return $translated;
}
