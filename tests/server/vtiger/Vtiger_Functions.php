<?php

declare(strict_types=1);

/**
 * The part of Vtiger's Vtiger_Functions (vtlib/Vtiger/Functions.php) that handler files of
 * custom operations use here: label translation from a small built-in language table.
 * Loaded on demand by the router's autoloader.
 */
final class Vtiger_Functions
{
    private const STRINGS = [
        'en_us' => ['SINGLE_Contacts' => 'Contact', 'Contacts' => 'Contacts', 'SINGLE_Accounts' => 'Organization',
            'Accounts' => 'Organizations', 'LBL_SAVE' => 'Save'],
        'ru_ru' => ['SINGLE_Contacts' => 'Контакт', 'Contacts' => 'Контакты', 'SINGLE_Accounts' => 'Организация',
            'Accounts' => 'Организации', 'LBL_SAVE' => 'Сохранить'],
    ];

    /** Like Vtiger: an unknown language means the default (en_us), an unknown label comes back as is. */
    public static function getTranslatedString(string $str, ?string $module = '', ?string $language = ''): string
    {
        $table = self::STRINGS[$language === null || $language === '' ? 'en_us' : $language] ?? self::STRINGS['en_us'];
        return $table[$str] ?? $str;
    }
}
