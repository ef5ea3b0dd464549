/** @jsxImportSource preact */
/**
 * System 48h: report a problem. A plain HTML form that posts without JavaScript; hydrated, it
 * adds the map, photos and inline validation (see useForm). The API renders this same
 * component with `values` and `errors` when a no-JavaScript submission has mistakes.
 */
import { useCallback, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { reportSchema } from '../../../core/cases/forms.ts';
import { Consent, ErrorMessage, ErrorSummary, FormEnd, NameFields, Radios, TextArea, TextField, describedBy, valueReader } from './Fields.tsx';
import { MapPicker, type Pin } from './MapPicker.tsx';
import { PhotoPicker, usePhotos } from './PhotoPicker.tsx';
import { NearbyPanel } from './NearbyPanel.tsx';
import { errorMessage, say } from '../../../core/i18n/form-messages.ts';
import { useForm } from './useForm.ts';
import type { FormError, FormProps } from './types.ts';
// The map's opener: inlined into the report page's styles by Astro, like Leaflet's stylesheet.
import './ReportForm.css';

const ORDER = ['category', 'description', 'address', 'lat', 'lng', 'photos', 'name', 'showName', 'email', 'phone', 'consent'];

export default function ReportForm(props: FormProps) {
  const { strings, municipality, values = {}, locale, action, privacyHref, buildTime } = props;
  const { one, ticked } = valueReader(values);
  const initialPhotos = ([] as string[]).concat(values['photos'] ?? []).filter(Boolean);

  const [pin, setPin] = useState<Pin | null>(one('lat') && one('lng') ? { lat: one('lat'), lng: one('lng') } : null);
  // The map (and Leaflet, its 43 KB) loads only when the citizen asks for it; the typed address is
  // enough without it. A pin kept from an earlier attempt opens it at once.
  const [mapOpen, setMapOpen] = useState(pin !== null);
  // The chosen category, for the nearby-reports panel (the radios themselves stay uncontrolled).
  const [category, setCategory] = useState(one('category') ?? '');
  const onChange = useCallback((e: JSX.TargetedEvent<HTMLFormElement>) => {
    const el = e.target as HTMLInputElement;
    if (el.name === 'category' && el.checked) setCategory(el.value);
  }, []);
  const photos = usePhotos({ strings, municipality: municipality.id, locale, initialKeys: initialPhotos });

  const beforeSubmit = useCallback(async (): Promise<FormError[]> => {
    const list = await photos.settled();
    return list.some((p) => p.status === 'failed')
      ? [{ field: 'photos', code: 'photoUpload', message: errorMessage(strings, 'photos', 'photoUpload') }]
      : [];
  }, [photos, strings]);

  const form = useForm(props, {
    schema: reportSchema,
    order: ORDER,
    // A pin error points at the map when it is there (or at the button that opens it), else at
    // the typed address.
    target: (field, mounted) =>
      field === 'lat' || field === 'lng' ? (mounted ? (mapOpen ? 'map' : 'map-open') : 'address')
      : field === 'photos' ? (mounted ? 'photos' : undefined)
      : ORDER.includes(field) ? field
      : undefined,
    beforeSubmit,
    extraData: () => ({ photos: photos.keys() }),
  });
  const { errorFor, mounted } = form;
  const pinError = errorFor('lat') ?? errorFor('lng');
  const photosError = errorFor('photos');
  const categoryError = errorFor('category');

  return (
    <form method="post" action={action} noValidate onSubmit={form.onSubmit} onChange={onChange} className="citizen-form" data-build-time={buildTime}>
      <ErrorSummary strings={strings} items={form.summary} summaryRef={form.summaryRef} />
      <p className="form-hint form-note">{say(strings, 'form.required')}</p>

      <Radios
        name="category"
        legend={say(strings, 'form.report.category.legend')}
        hint={say(strings, 'form.report.category.hint')}
        error={categoryError}
        options={municipality.categories.map((c) => ({ value: c.code, label: c.name, hint: c.description }))}
        defaultValue={one('category')}
        strings={strings}
      />

      <TextArea
        name="description"
        label={say(strings, 'form.report.description.label')}
        hint={say(strings, 'form.report.description.hint')}
        error={errorFor('description')}
        defaultValue={one('description')}
        strings={strings}
      />

      <div className={`form-group${pinError || errorFor('address') ? ' form-group--error' : ''}`}>
        <fieldset className="form-fieldset" aria-describedby={describedBy(pinError && 'lat-error')}>
          <legend className="form-legend">{say(strings, 'form.report.location.legend')}</legend>
          <ErrorMessage id="lat-error" error={pinError} strings={strings} />
          <TextField
            name="address"
            label={say(strings, 'form.report.address.label')}
            hint={say(strings, 'form.report.address.hint')}
            error={errorFor('address')}
            defaultValue={one('address')}
            autoComplete="address-line1"
            strings={strings}
          />
          {mounted && mapOpen ? (
            <MapPicker strings={strings} map={municipality.map} pin={pin} onPin={setPin} describedBy={pinError ? 'lat-error' : undefined} focusOnReady={!pin} />
          ) : (
            // Without JavaScript the note, with it the button, in the same cell of a grid: the
            // other one is there but invisible, so hydrating moves nothing (no layout shift).
            <div className="map-open">
              <p className={`form-hint map-open__note${mounted ? ' map-open--off' : ''}`}>{say(strings, 'form.map.noJs')}</p>
              <button
                type="button"
                id="map-open"
                className={`button button--secondary map-open__button${mounted ? '' : ' map-open--off'}`}
                aria-describedby={describedBy(pinError && 'lat-error')}
                onClick={() => setMapOpen(true)}
              >
                {say(strings, 'form.map.open')}
              </button>
            </div>
          )}
          <input type="hidden" name="lat" value={pin?.lat ?? ''} />
          <input type="hidden" name="lng" value={pin?.lng ?? ''} />
        </fieldset>
      </div>

      {mounted && mapOpen && <NearbyPanel strings={strings} locale={locale} pin={pin} category={category} />}

      <div className={`form-group${photosError ? ' form-group--error' : ''}`}>
        <fieldset className="form-fieldset" aria-describedby={describedBy('photos-hint', photosError && 'photos-error')}>
          <legend className="form-legend">
            {`${say(strings, 'form.report.photos.legend')} `}<span className="form-optional">{say(strings, 'form.optional')}</span>
          </legend>
          <p className="form-hint" id="photos-hint">{say(strings, 'form.report.photos.hint')}</p>
          <ErrorMessage id="photos-error" error={photosError} strings={strings} />
          {mounted ? (
            <PhotoPicker strings={strings} photos={photos} error={photosError} />
          ) : (
            <>
              <p className="form-hint">{say(strings, 'form.photos.noJs')}</p>
              {initialPhotos.map((key) => <input type="hidden" name="photos" value={key} key={key} />)}
            </>
          )}
        </fieldset>
      </div>

      <NameFields strings={strings} errorFor={errorFor} one={one} ticked={ticked} />

      <div className={`form-group${errorFor('email') || errorFor('phone') ? ' form-group--error' : ''}`}>
        <fieldset className="form-fieldset" aria-describedby="contact-hint">
          <legend className="form-legend">{say(strings, 'form.report.contact.legend')}</legend>
          <p className="form-hint" id="contact-hint">{say(strings, 'form.report.contact.hint')}</p>
          <TextField name="email" type="email" label={say(strings, 'form.email.label')} error={errorFor('email')} defaultValue={one('email')} autoComplete="email" inputMode="email" spellCheck={false} strings={strings} />
          <TextField name="phone" type="tel" label={say(strings, 'form.phone.label')} hint={say(strings, 'form.phone.hint')} error={errorFor('phone')} defaultValue={one('phone')} autoComplete="tel" inputMode="tel" strings={strings} />
        </fieldset>
      </div>

      <Consent strings={strings} form="report" privacyHref={privacyHref} error={errorFor('consent')} defaultChecked={ticked('consent')} />

      <FormEnd strings={strings} municipality={municipality.id} locale={locale} form={form} submitKey="form.report.submit" />
    </form>
  );
}
