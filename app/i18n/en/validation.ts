import type { validation as zh } from '../zh/validation.ts';

export const validation: Record<keyof typeof zh, string> = {
  'validation.required': 'Please fill this in',
  'validation.invalid': 'This is not in the right format',
  'validation.wrongType':
    'This is not the right kind of value (text, a number, yes/no or a list, as the field asks)',
  'validation.unknownKeys': 'These fields are not taken here: {keys}',
  'validation.invisibleCharacters':
    'This contains an invisible character that cannot be saved (such as a null character); delete it and type the text again',
  'validation.choice': 'Please choose from the list',
  'validation.number': 'Please enter a number',
  'validation.integer': 'Please enter a whole number',
  'validation.yuan': 'Enter an amount in yuan, e.g. 12.50',
  'validation.yuanDecimals': 'At most two decimals (to the fen)',
  'validation.min': 'Must be at least {min}',
  'validation.max': 'Must be at most {max}',
  'validation.minLength': 'At least {min} characters',
  'validation.maxLength': 'At most {max} characters',
  'validation.minItems': 'Choose at least {min} of these',
  'validation.chooseGrade': 'Choose at least one grade',
  'validation.chooseLanguage': 'Choose at least one language',
  'validation.maxItems': 'Choose at most {max}',
  'validation.email': 'Please enter a valid e-mail address',
  'validation.mobile': 'Please enter an 11-digit mobile number',
  'validation.phone': 'Please enter an 11-digit mobile number or a landline with its area code',
  'validation.url': 'Please enter an address starting with http:// or https://',
  'validation.venuePhone':
    'Please enter an 11-digit mobile number, a landline with its area code or a 400 number; separate several with semicolons',
  'validation.date': 'Please enter a valid date',
  'validation.formTitle': 'Please correct the marked fields and submit again.',
  'field.countMax': 'Up to {count} characters',
  'field.countLeft': '{count} characters left',
  'field.countLeftOne': '{count} character left',
  'field.countOver': 'Over the limit by {count}: please shorten it',
};
